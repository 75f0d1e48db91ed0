import { BACKEND_URL } from "./backend";

/** Where a follow-up is in its life, as the backend reports it. */
export type FollowupState = "draft" | "scheduled" | "sending" | "sent" | "skipped" | "held";

export const FOLLOWUP_STATES: readonly FollowupState[] = [
  "draft",
  "scheduled",
  "sending",
  "sent",
  "skipped",
  "held",
];

export interface FollowupContact {
  name: string;
  email: string;
  company: string;
  title: string;
}

/** The backend's answer to GET …/followup and to a successful approve or skip. */
export interface Followup {
  objectId: string;
  card_id: number;
  state: FollowupState;
  contact: FollowupContact;
  event: string | null;
  met_on: string | null;
  photo_url: string | null;
  subject: string;
  body: string;
  editable: boolean;
  can_send: boolean;
  send_at: string | null;
  sent_at: string | null;
  message: string;
  flagged: string[];
}

/** "now" sends at once; "later" keeps (or sets) the scheduled send time. */
export type SendMode = "now" | "later";

export interface FetchInit {
  method?: "GET" | "POST";
  body?: Record<string, unknown>;
  timeout?: number;
}

export interface FetchResponse {
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}

/**
 * The subset of `hubspot.fetch` the card uses. HubSpot signs the request (URL, query and body) and
 * proxies it to the backend; the native `fetch` is not available in the extension sandbox.
 */
export type Fetcher = (url: string, init?: FetchInit) => Promise<FetchResponse>;

/** Who is asking about which contact; the backend trusts it only because HubSpot signs the URL. */
export interface Identity {
  objectId: number | string;
  portalId: number | string;
  userId: number | string;
}

/** A request that did not give a follow-up back; `message` is meant for the user. */
export class ApiError extends Error {
  readonly status: number | null;

  constructor(message: string, status: number | null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
  }
}

export type LoadResult = { kind: "found"; followup: Followup } | { kind: "none" };

/** Sending may take a while (SMTP); the other calls keep hubspot.fetch's default timeout. */
export const APPROVE_TIMEOUT_MS = 30000;

export function followupUrl(who: Identity, action?: "approve" | "skip"): string {
  const path = `/hubspot/contacts/${encodeURIComponent(String(who.objectId))}/followup`;
  const query = new URLSearchParams({
    portalId: String(who.portalId),
    userId: String(who.userId),
  });
  return `${BACKEND_URL}${path}${action ? `/${action}` : ""}?${query.toString()}`;
}

export async function loadFollowup(fetcher: Fetcher, who: Identity): Promise<LoadResult> {
  const response = await send(fetcher, followupUrl(who), { method: "GET" });
  const payload = await readJson(response);
  // A 404 that says "none" is an answer (no card for this contact), not a failure.
  if (response.status === 404 && isRecord(payload) && payload.state === "none") {
    return { kind: "none" };
  }
  return { kind: "found", followup: expectFollowup(response, payload) };
}

export async function approveFollowup(
  fetcher: Fetcher,
  who: Identity,
  draft: { subject: string; body: string; send: SendMode },
): Promise<Followup> {
  const response = await send(fetcher, followupUrl(who, "approve"), {
    method: "POST",
    body: { subject: draft.subject, body: draft.body, send: draft.send },
    timeout: APPROVE_TIMEOUT_MS,
  });
  return expectFollowup(response, await readJson(response));
}

export async function skipFollowup(fetcher: Fetcher, who: Identity): Promise<Followup> {
  const response = await send(fetcher, followupUrl(who, "skip"), { method: "POST" });
  return expectFollowup(response, await readJson(response));
}

async function send(fetcher: Fetcher, url: string, init: FetchInit): Promise<FetchResponse> {
  try {
    return await fetcher(url, init);
  } catch (err) {
    const detail = err instanceof Error && err.message ? `: ${err.message}` : "";
    throw new ApiError(`Could not reach cardfollow${detail}`, null);
  }
}

async function readJson(response: FetchResponse): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

function expectFollowup(response: FetchResponse, payload: unknown): Followup {
  if (!response.ok) {
    const message =
      isRecord(payload) && typeof payload.error === "string" && payload.error
        ? payload.error
        : `cardfollow answered HTTP ${response.status}`;
    throw new ApiError(message, response.status);
  }
  if (!isFollowup(payload)) {
    throw new ApiError("cardfollow sent an answer this card does not understand", response.status);
  }
  return payload;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isFollowup(value: unknown): value is Followup {
  return (
    isRecord(value) &&
    typeof value.state === "string" &&
    (FOLLOWUP_STATES as readonly string[]).includes(value.state) &&
    isRecord(value.contact) &&
    typeof value.subject === "string" &&
    typeof value.body === "string" &&
    typeof value.editable === "boolean" &&
    typeof value.can_send === "boolean" &&
    Array.isArray(value.flagged)
  );
}
