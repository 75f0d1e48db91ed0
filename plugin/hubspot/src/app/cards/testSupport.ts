// Test helpers: a scripted stand-in for the cardfollow backend behind hubspot.fetch.
import { BACKEND_URL } from "./backend";
import type { FetchInit, FetchResponse, Fetcher, Followup } from "./followupApi";

export function followup(overrides: Partial<Followup> = {}): Followup {
  return {
    objectId: "456",
    card_id: 42,
    state: "draft",
    contact: {
      name: "Ada Lovelace",
      email: "ada@example.com",
      company: "Analytical Ltd",
      title: "CTO",
    },
    event: "SaaStr 2026",
    met_on: "2026-09-09",
    photo_url: `${BACKEND_URL}/hubspot/cards/42/image?expires=1&sig=abc`,
    subject: "Great meeting you at SaaStr",
    body: "Hi Ada,\n\nLovely to meet you.",
    editable: true,
    can_send: true,
    send_at: null,
    sent_at: null,
    message: "Ready to send",
    flagged: ["title"],
    ...overrides,
  };
}

export function reply(status: number, json: unknown): FetchResponse {
  return {
    ok: status >= 200 && status < 300,
    status,
    json: async () => json,
  };
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

type Step = FetchResponse | Error | Deferred<FetchResponse>;

export interface ScriptedBackend {
  fetcher: Fetcher;
  calls: Array<{ url: string; init: FetchInit | undefined }>;
}

/** Answers each request with the next step; an Error step is a network failure. */
export function scriptedBackend(...steps: Step[]): ScriptedBackend {
  const calls: ScriptedBackend["calls"] = [];
  const fetcher: Fetcher = async (url, init) => {
    calls.push({ url, init });
    const step = steps.shift();
    if (step === undefined) throw new Error(`unexpected request ${init?.method ?? "GET"} ${url}`);
    if (step instanceof Error) throw step;
    if ("promise" in step) return step.promise;
    return step;
  };
  return { fetcher, calls };
}
