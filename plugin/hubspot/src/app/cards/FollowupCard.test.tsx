import { describe, expect, it, vi } from "vitest";
import {
  Alert,
  Button,
  Image,
  Input,
  LoadingSpinner,
  Tag,
  Text,
  TextArea,
} from "@hubspot/ui-extensions";
import { createRenderer } from "@hubspot/ui-extensions/testing";
import { BACKEND_URL } from "./backend";
import { FollowupCard } from "./FollowupCard";
import type { FetchResponse, Followup } from "./followupApi";
import { deferred, followup, reply, scriptedBackend, type ScriptedBackend } from "./testSupport";

const BASE = `${BACKEND_URL}/hubspot/contacts/456/followup`;
const QUERY = "?portalId=789&userId=42";

function mount(backend: ScriptedBackend) {
  const r = createRenderer("crm.record.sidebar");
  r.mocks.context.crm.objectId = 456;
  r.mocks.context.portal.id = 789;
  r.mocks.context.user.id = 42;
  r.render(
    <FollowupCard context={r.mocks.context} actions={r.mocks.actions} fetcher={backend.fetcher} />,
  );
  return r;
}

type Renderer = ReturnType<typeof mount>;

async function mountReady(first: Followup, ...later: Parameters<typeof scriptedBackend>) {
  const backend = scriptedBackend(reply(200, first), ...later);
  const r = mount(backend);
  await r.waitFor(() => expect(r.findByTestId(Tag, "cf-state")).toBeTruthy());
  return { r, backend };
}

const stateTag = (r: Renderer) => r.findByTestId(Tag, "cf-state").text;
const button = (r: Renderer, testId: string) => r.findByTestId(Button, testId);
const buttonIds = (r: Renderer) => r.findAll(Button).map((b) => b.props.testId);
// ui-extensions 0.17.0 types trigger()'s argument as the handler itself rather than its parameter.
type Field = { trigger(event: "onChange" | "onInput", arg: never): void };
const enter = (field: Field, event: "onChange" | "onInput", value: string) =>
  field.trigger(event, value as never);
const alerts = (r: Renderer) => r.mocks.actions.addAlert.calls.map(([arg]) => arg);

describe("loading", () => {
  it("shows a spinner first and asks for this contact with the identity in the query", async () => {
    const backend = scriptedBackend(deferred<FetchResponse>());
    const r = mount(backend);

    expect(r.findByTestId(LoadingSpinner, "cf-loading")).toBeTruthy();
    expect(r.maybeFind(Tag)).toBeNull();
    // The renderer's waitFor re-checks only when the rendered tree changes; a request does not.
    await vi.waitFor(() =>
      expect(backend.calls).toEqual([{ url: BASE + QUERY, init: { method: "GET" } }]),
    );
    expect(r.findByTestId(LoadingSpinner, "cf-loading")).toBeTruthy();
  });

  it("renders a draft: photo, contact, event, state, message, flags and editable fields", async () => {
    const { r } = await mountReady(followup());

    expect(r.maybeFind(LoadingSpinner)).toBeNull();
    expect(r.findByTestId(Image, "cf-photo").props.src).toBe(followup().photo_url);
    expect(r.findByTestId(Text, "cf-contact").text).toBe("Ada Lovelace — CTO, Analytical Ltd");
    expect(r.findByTestId(Text, "cf-email").text).toBe("ada@example.com");
    expect(r.findByTestId(Text, "cf-met").text).toBe("Met at SaaStr 2026 on 2026-09-09");
    expect(stateTag(r)).toBe("Draft");
    expect(r.findByTestId(Text, "cf-message").text).toBe("Ready to send");
    expect(r.findByTestId(Text, "cf-flagged").text).toBe("check: title");
    expect(r.findByTestId(Input, "cf-subject").props.value).toBe("Great meeting you at SaaStr");
    expect(r.findByTestId(TextArea, "cf-body").props.value).toBe("Hi Ada,\n\nLovely to meet you.");
    expect(buttonIds(r)).toEqual(["cf-approve", "cf-send-later", "cf-skip"]);
    expect(r.findAll(Button).map((b) => b.props.disabled)).toEqual([false, false, false]);
  });

  it("leaves out the photo and event lines when the backend has none", async () => {
    const { r } = await mountReady(
      followup({ photo_url: null, event: null, met_on: null, flagged: [] }),
    );

    expect(r.maybeFind(Image)).toBeNull();
    expect(r.maybeFindByTestId(Text, "cf-met")).toBeNull();
    expect(r.maybeFindByTestId(Text, "cf-flagged")).toBeNull();
  });

  it("says calmly that there is no card when the backend answers 404 state none", async () => {
    const backend = scriptedBackend(reply(404, { error: "no card", state: "none" }));
    const r = mount(backend);

    await r.waitFor(() =>
      expect(r.findByTestId(Text, "cf-no-card").text).toBe(
        "No business card for this contact in cardfollow",
      ),
    );
    expect(r.maybeFind(Alert)).toBeNull();
    expect(r.maybeFind(Button)).toBeNull();
  });

  it("treats a 404 without state none (wrong backend URL) as an error", async () => {
    const r = mount(scriptedBackend(reply(404, { error: "Not Found" })));

    await r.waitFor(() => expect(r.findByTestId(Alert, "cf-load-error").text).toBe("Not Found"));
    expect(r.maybeFindByTestId(Text, "cf-no-card")).toBeNull();
  });

  it("shows an error Alert on 500 and Retry fetches again", async () => {
    const backend = scriptedBackend(
      reply(500, { error: "cardfollow is restarting" }),
      reply(200, followup()),
    );
    const r = mount(backend);

    await r.waitFor(() => expect(r.findByTestId(Alert, "cf-load-error")).toBeTruthy());
    const alert = r.findByTestId(Alert, "cf-load-error");
    expect(alert.props.variant).toBe("error");
    expect(alert.text).toBe("cardfollow is restarting");

    button(r, "cf-retry").trigger("onClick");
    await r.waitFor(() => expect(stateTag(r)).toBe("Draft"));
    expect(r.maybeFind(Alert)).toBeNull();
    expect(backend.calls.map((c) => c.url)).toEqual([BASE + QUERY, BASE + QUERY]);
  });

  it.each([
    [401, { error: "Bad signature" }, "Bad signature"],
    [403, { error: "Portal not linked" }, "Portal not linked"],
    [502, "<html>bad gateway</html>", "cardfollow answered HTTP 502"],
  ])("shows an error Alert on %i", async (status, json, message) => {
    const r = mount(scriptedBackend(reply(status, json)));

    await r.waitFor(() => expect(r.findByTestId(Alert, "cf-load-error").text).toBe(message));
    expect(r.findByTestId(Button, "cf-retry")).toBeTruthy();
  });

  it("shows an error Alert when the backend cannot be reached", async () => {
    const r = mount(scriptedBackend(new Error("connection refused")));

    await r.waitFor(() =>
      expect(r.findByTestId(Alert, "cf-load-error").text).toBe(
        "Could not reach cardfollow: connection refused",
      ),
    );
  });

  it("shows an error Alert for a 200 that is not a follow-up", async () => {
    const r = mount(scriptedBackend(reply(200, { state: "bogus" })));

    await r.waitFor(() =>
      expect(r.findByTestId(Alert, "cf-load-error").text).toContain("does not understand"),
    );
  });
});

describe("actions", () => {
  it("sends the edited subject and body with Approve & send, then shows the sent state", async () => {
    const sent = followup({
      state: "sent",
      subject: "Edited subject",
      body: "Edited body",
      editable: false,
      sent_at: "2026-11-22T09:00:00+01:00",
      message: "Sent Sun 22 Nov, 09:00",
    });
    const { r, backend } = await mountReady(followup(), reply(200, sent));

    enter(r.findByTestId(Input, "cf-subject"), "onChange", "Edited subject");
    enter(r.findByTestId(TextArea, "cf-body"), "onChange", "Edited body");
    button(r, "cf-approve").trigger("onClick");

    await r.waitFor(() => expect(stateTag(r)).toBe("Sent"));
    expect(backend.calls[1]).toEqual({
      url: `${BASE}/approve${QUERY}`,
      init: {
        method: "POST",
        body: { subject: "Edited subject", body: "Edited body", send: "now" },
        timeout: 30000,
      },
    });
    expect(Object.keys(backend.calls[1].init!.body!)).toEqual(["subject", "body", "send"]);
    expect(alerts(r)).toEqual([{ type: "success", message: "Follow-up sent" }]);
    expect(r.mocks.actions.refreshObjectProperties.callCount).toBe(1);
    expect(r.findByTestId(Text, "cf-message").text).toBe("Sent Sun 22 Nov, 09:00");
    expect(r.maybeFind(Button)).toBeNull();
  });

  it("sends what was typed even if the field was never blurred (onInput only)", async () => {
    const { r, backend } = await mountReady(followup(), reply(200, followup({ state: "sent" })));

    enter(r.findByTestId(TextArea, "cf-body"), "onInput", "Typed, not committed");
    button(r, "cf-approve").trigger("onClick");

    await r.waitFor(() => expect(stateTag(r)).toBe("Sent"));
    expect(backend.calls[1].init?.body).toEqual({
      subject: "Great meeting you at SaaStr",
      body: "Typed, not committed",
      send: "now",
    });
  });

  it("Send later approves with send 'later' and shows the schedule", async () => {
    const scheduled = followup({
      state: "scheduled",
      send_at: "2026-11-23T08:30:00+01:00",
      message: "Goes out Mon 23 Nov, 08:30",
    });
    const { r, backend } = await mountReady(followup(), reply(200, scheduled));

    button(r, "cf-send-later").trigger("onClick");

    await r.waitFor(() => expect(stateTag(r)).toBe("Scheduled"));
    expect(backend.calls[1].url).toBe(`${BASE}/approve${QUERY}`);
    expect(backend.calls[1].init?.body).toEqual({
      subject: "Great meeting you at SaaStr",
      body: "Hi Ada,\n\nLovely to meet you.",
      send: "later",
    });
    expect(alerts(r)).toEqual([{ type: "success", message: "Follow-up scheduled" }]);
    expect(r.mocks.actions.refreshObjectProperties.callCount).toBe(1);
    expect(r.findByTestId(Text, "cf-message").text).toBe("Goes out Mon 23 Nov, 08:30");
    expect(buttonIds(r)).toEqual(["cf-send-now", "cf-save", "cf-skip"]);
  });

  it("Skip posts to /skip without a body and offers the draft again", async () => {
    const { r, backend } = await mountReady(
      followup(),
      reply(200, followup({ state: "skipped", message: "Skipped" })),
    );

    button(r, "cf-skip").trigger("onClick");

    await r.waitFor(() => expect(stateTag(r)).toBe("Skipped"));
    expect(backend.calls[1]).toEqual({ url: `${BASE}/skip${QUERY}`, init: { method: "POST" } });
    expect(alerts(r)).toEqual([{ type: "success", message: "Follow-up skipped" }]);
    expect(r.mocks.actions.refreshObjectProperties.callCount).toBe(1);
    expect(buttonIds(r)).toEqual(["cf-approve", "cf-send-later"]);
  });

  it.each([
    ["cf-send-now", "now"],
    ["cf-save", "later"],
  ])("a scheduled follow-up's %s approves with send %s", async (testId, send) => {
    const scheduled = followup({ state: "scheduled" });
    const { r, backend } = await mountReady(scheduled, reply(200, scheduled));

    button(r, testId).trigger("onClick");

    await r.waitFor(() => expect(backend.calls).toHaveLength(2));
    expect(backend.calls[1].url).toBe(`${BASE}/approve${QUERY}`);
    expect(backend.calls[1].init?.body).toMatchObject({ send });
  });

  it("an approve the backend holds back raises a warning with its reason", async () => {
    const held = followup({ state: "held", editable: false, message: "Held: bounced before" });
    const { r } = await mountReady(followup(), reply(200, held));

    button(r, "cf-approve").trigger("onClick");

    await r.waitFor(() => expect(stateTag(r)).toBe("Held"));
    expect(alerts(r)).toEqual([{ type: "warning", message: "Held: bounced before" }]);
    expect(r.maybeFind(Button)).toBeNull();
  });

  it("a refused approve raises a danger alert with the backend's message and keeps the edits", async () => {
    const { r } = await mountReady(
      followup(),
      reply(409, { error: "The draft changed in cardfollow; reload to see it" }),
    );

    enter(r.findByTestId(Input, "cf-subject"), "onChange", "My subject");
    enter(r.findByTestId(TextArea, "cf-body"), "onChange", "My body");
    button(r, "cf-approve").trigger("onClick");

    await r.waitFor(() => expect(r.mocks.actions.addAlert.callCount).toBe(1));
    expect(alerts(r)).toEqual([
      { type: "danger", message: "The draft changed in cardfollow; reload to see it" },
    ]);
    await r.waitFor(() => expect(button(r, "cf-approve").props.disabled).toBe(false));
    expect(r.findByTestId(Input, "cf-subject").props.value).toBe("My subject");
    expect(r.findByTestId(TextArea, "cf-body").props.value).toBe("My body");
    expect(stateTag(r)).toBe("Draft");
    expect(r.mocks.actions.refreshObjectProperties.callCount).toBe(0);
    expect(r.maybeFind(Alert)).toBeNull();
  });

  it("a network failure on skip raises a danger alert", async () => {
    const { r } = await mountReady(followup(), new Error("timeout"));

    button(r, "cf-skip").trigger("onClick");

    await r.waitFor(() =>
      expect(alerts(r)).toEqual([
        { type: "danger", message: "Could not reach cardfollow: timeout" },
      ]),
    );
    expect(stateTag(r)).toBe("Draft");
  });

  it("disables every button while a request is in flight and ignores a second click", async () => {
    const pending = deferred<FetchResponse>();
    const { r, backend } = await mountReady(followup(), pending);

    button(r, "cf-approve").trigger("onClick");
    await r.waitFor(() =>
      expect(r.findAll(Button).map((b) => b.props.disabled)).toEqual([true, true, true]),
    );
    button(r, "cf-send-later").trigger("onClick");
    button(r, "cf-skip").trigger("onClick");
    expect(backend.calls).toHaveLength(2);

    pending.resolve(reply(200, followup({ state: "sent" })));
    await r.waitFor(() => expect(stateTag(r)).toBe("Sent"));
    expect(backend.calls).toHaveLength(2);
  });
});

describe("states", () => {
  it.each([
    ["sent", "Sent"],
    ["sending", "Sending"],
    ["held", "Held"],
  ] as const)("%s: no action buttons and read-only text", async (state, label) => {
    const { r } = await mountReady(followup({ state, editable: false }));

    expect(stateTag(r)).toBe(label);
    expect(r.maybeFind(Button)).toBeNull();
    expect(r.maybeFind(Input)).toBeNull();
    expect(r.maybeFind(TextArea)).toBeNull();
    expect(r.findByTestId(Text, "cf-subject-text").text).toBe("Great meeting you at SaaStr");
    expect(r.findByTestId(Text, "cf-body-text").text).toBe("Hi Ada,\n\nLovely to meet you.");
  });

  it("can_send false disables the send buttons, keeps Skip, and shows why", async () => {
    const { r } = await mountReady(
      followup({ can_send: false, message: "Set up SMTP in cardfollow to send" }),
    );

    expect(button(r, "cf-approve").props.disabled).toBe(true);
    expect(button(r, "cf-send-later").props.disabled).toBe(true);
    expect(button(r, "cf-skip").props.disabled).toBe(false);
    expect(r.findByTestId(Text, "cf-message").text).toBe("Set up SMTP in cardfollow to send");
  });

  it("can_send false also disables Send now and Save on a scheduled follow-up", async () => {
    const { r } = await mountReady(followup({ state: "scheduled", can_send: false }));

    expect(button(r, "cf-send-now").props.disabled).toBe(true);
    expect(button(r, "cf-save").props.disabled).toBe(true);
    expect(button(r, "cf-skip").props.disabled).toBe(false);
  });
});
