export const SIGNING_SECRET: string;
export const BOT_TOKEN: string;
export const HI_REPLY: string;
export function slashCommandBody(text: string, responseUrl?: string): string;
export function slackHeaders(body: string, secret?: string, now?: number): Record<string, string>;
export function apiGatewayV2Event(
  text: string,
  options?: { path?: string; responseUrl?: string; functionUrl?: boolean },
): Record<string, any>;
export function lambdaContext(): Record<string, any>;
