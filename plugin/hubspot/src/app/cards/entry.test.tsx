// The card as HubSpot loads it: the module registers itself through hubspot.extend and talks to the
// backend only through hubspot.fetch. @hubspot/ui-extensions reads both from the worker's globals
// (`self.extend_V2`, `self.hsFetch`) when it is imported, so they are set up before any import.
import type { ReactElement } from "react";
import { expect, it, vi } from "vitest";
import { Button, Tag } from "@hubspot/ui-extensions";
import type { ExtensionPointApi } from "@hubspot/ui-extensions";
import { createRenderer } from "@hubspot/ui-extensions/testing";
import { BACKEND_URL } from "./backend";
import type { FetchInit } from "./followupApi";
import { followup, reply } from "./testSupport";

type Render = (api: ExtensionPointApi<"crm.record.sidebar">) => ReactElement;

const worker = vi.hoisted(() => {
  const state = {
    registered: [] as unknown[],
    hsFetchCalls: [] as Array<[string, unknown]>,
    replies: [] as unknown[],
  };
  const quiet = () => undefined;
  (globalThis as Record<string, unknown>).self = {
    __HUBSPOT_EXTENSION_WORKER__: true,
    extend_V2: (render: unknown) => state.registered.push(render),
    hsFetch: async (url: string, init: unknown) => {
      state.hsFetchCalls.push([url, init]);
      return state.replies.shift();
    },
    logger: { debug: quiet, info: quiet, warn: quiet, error: quiet },
  };
  return state;
});

it("registers one sidebar card that fetches through hubspot.fetch and reports through actions", async () => {
  const nativeFetch = vi.spyOn(globalThis, "fetch");
  worker.replies.push(reply(200, followup()), reply(200, followup({ state: "scheduled" })));
  await import("./FollowupCard");
  expect(worker.registered).toHaveLength(1);
  const renderCard = worker.registered[0] as Render;

  const r = createRenderer("crm.record.sidebar");
  r.mocks.context.crm.objectId = 7;
  r.mocks.context.portal.id = 8;
  r.mocks.context.user.id = 9;
  r.render(
    renderCard({
      context: r.mocks.context,
      actions: r.mocks.actions,
      runServerlessFunction: r.mocks.runServerlessFunction,
    }),
  );

  await r.waitFor(() => expect(r.findByTestId(Tag, "cf-state").text).toBe("Draft"));
  r.findByTestId(Button, "cf-send-later").trigger("onClick");
  await r.waitFor(() => expect(r.findByTestId(Tag, "cf-state").text).toBe("Scheduled"));

  const base = `${BACKEND_URL}/hubspot/contacts/7/followup`;
  expect(worker.hsFetchCalls).toEqual([
    [`${base}?portalId=8&userId=9`, { method: "GET" } satisfies FetchInit],
    [
      `${base}/approve?portalId=8&userId=9`,
      {
        method: "POST",
        body: followupBody("later"),
        timeout: 30000,
      } satisfies FetchInit,
    ],
  ]);
  expect(r.mocks.actions.addAlert.calls).toEqual([
    [{ type: "success", message: "Follow-up scheduled" }],
  ]);
  expect(r.mocks.actions.refreshObjectProperties.callCount).toBe(1);
  expect(nativeFetch).not.toHaveBeenCalled();
});

function followupBody(send: "now" | "later") {
  const { subject, body } = followup();
  return { subject, body, send };
}
