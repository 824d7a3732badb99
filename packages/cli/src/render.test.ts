import { describe, expect, it } from "vitest";
import { renderReply } from "./render.js";

describe("renderReply", () => {
  it("shows an attachment's pretext, author, title, text, pictures' addresses and footer", () => {
    const text = renderReply({
      text: "",
      attachments: [
        {
          pretext: "@ann asked for a cat",
          authorName: "CatOps",
          title: "Meow!",
          titleLink: "https://cats.example/1",
          text: "a cat",
          imageUrl: "https://cats.example/1.jpg",
          thumbUrl: "https://cats.example/1-small.jpg",
          footer: "thecatapi",
        },
      ],
    });
    expect(text).toBe(
      [
        "@ann asked for a cat",
        "CatOps",
        "Meow!",
        "  https://cats.example/1",
        "  a cat",
        "  https://cats.example/1.jpg",
        "  https://cats.example/1-small.jpg",
        "  — thecatapi",
      ].join("\n"),
    );
  });

  it("falls back to the attachment's fallback when it shows nothing else", () => {
    expect(renderReply({ attachments: [{ fallback: "A cat" }] })).toBe("A cat");
  });
});
