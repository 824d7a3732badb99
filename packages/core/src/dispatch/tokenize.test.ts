import { describe, expect, it } from "vitest";
import { TokenizeError } from "../errors.js";
import { MAX_COMMAND_LENGTH, quoteTokens, tokenize } from "./tokenize.js";

describe("tokenize", () => {
  it("splits on any kind of whitespace and ignores runs of it", () => {
    expect(tokenize("  deploy\tapi \n --env\u00a0prod  ")).toEqual([
      "deploy",
      "api",
      "--env",
      "prod",
    ]);
    expect(tokenize("")).toEqual([]);
    expect(tokenize(" \t\n")).toEqual([]);
  });

  it("groups words in double and single quotes", () => {
    expect(tokenize(`say "hello world" 'and you'`)).toEqual(["say", "hello world", "and you"]);
    expect(tokenize(`a"b c"d`)).toEqual(["ab cd"]);
  });

  it("honours the curly quotes chat clients substitute", () => {
    expect(tokenize("say “hello world” ‘and you’")).toEqual(["say", "hello world", "and you"]);
    // Inside curly quotes a straight quote is just a character.
    expect(tokenize(`“it's "fine"”`)).toEqual([`it's "fine"`]);
  });

  it("keeps an apostrophe-like closing quote inside a word", () => {
    expect(tokenize("don’t panic")).toEqual(["don’t", "panic"]);
  });

  it("keeps empty quoted strings as empty tokens", () => {
    expect(tokenize(`set key ""`)).toEqual(["set", "key", ""]);
    expect(tokenize(`'' x ""`)).toEqual(["", "x", ""]);
  });

  it("escapes the next character with a backslash outside single quotes", () => {
    expect(tokenize(String.raw`a\ b \"c\" d\\e`)).toEqual(["a b", `"c"`, String.raw`d\e`]);
    expect(tokenize(String.raw`"say \"hi\" \\ ok \n"`)).toEqual([String.raw`say "hi" \ ok \n`]);
  });

  it("takes backslashes literally inside single quotes", () => {
    expect(tokenize(String.raw`'C:\temp\new'`)).toEqual([String.raw`C:\temp\new`]);
  });

  it("refuses an unclosed quote, naming the missing quote", () => {
    expect(() => tokenize(`say "hello`)).toThrow(TokenizeError);
    expect(() => tokenize(`say "hello`)).toThrow(/unclosed quote "/);
    expect(() => tokenize(`say 'hello`)).toThrow(/unclosed quote '/);
    expect(() => tokenize("say “hello")).toThrow(/unclosed quote ”/);
  });

  it("refuses a lone trailing backslash", () => {
    expect(() => tokenize("echo \\")).toThrow(/lone backslash/);
    expect(() => tokenize(`echo "a\\`)).toThrow(TokenizeError);
  });

  it("refuses input longer than the limit instead of truncating it", () => {
    expect(tokenize("x".repeat(MAX_COMMAND_LENGTH))).toHaveLength(1);
    expect(() => tokenize("x".repeat(MAX_COMMAND_LENGTH + 1))).toThrow(/too long/);
  });

  it("never evaluates anything", () => {
    expect(tokenize("echo $(rm -rf /) `id` $HOME;ls")).toEqual([
      "echo",
      "$(rm",
      "-rf",
      "/)",
      "`id`",
      "$HOME;ls",
    ]);
  });
});

describe("quoteTokens", () => {
  const cases: string[][] = [
    [],
    ["deploy", "api"],
    [""],
    ["a", "", "b"],
    ["hello world"],
    [`say "hi"`],
    ["it's"],
    [String.raw`back\slash`, String.raw`\\`, "\\"],
    ["“curly”", "‘single’", "don’t"],
    ["tab\there", "new\nline", "nbsp\u00a0here"],
    ["--env=prod", "-e", "--"],
    ["'", '"', "“", "”"],
  ];

  it.each(cases.map((tokens) => [tokens]))("round-trips %j", (tokens) => {
    expect(tokenize(quoteTokens(tokens))).toEqual(tokens);
  });

  it("leaves plain words unquoted", () => {
    expect(quoteTokens(["deploy", "api", "--env", "prod"])).toBe("deploy api --env prod");
    expect(quoteTokens(["hello world", ""])).toBe(`"hello world" ""`);
  });

  it("round-trips generated tokens", () => {
    const alphabet = ["a", " ", '"', "'", "\\", "“", "”", "‘", "’", "\t", "-", "="];
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let n = 0; n < 300; n++) {
      const tokens = Array.from({ length: Math.floor(random() * 4) }, () =>
        Array.from(
          { length: Math.floor(random() * 6) },
          () => alphabet[Math.floor(random() * alphabet.length)],
        ).join(""),
      );
      expect(tokenize(quoteTokens(tokens))).toEqual(tokens);
    }
  });
});
