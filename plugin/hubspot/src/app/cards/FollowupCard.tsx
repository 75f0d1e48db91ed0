import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  Alert,
  Button,
  ButtonRow,
  Divider,
  Flex,
  Image,
  Input,
  LoadingSpinner,
  Tag,
  Text,
  TextArea,
  hubspot,
} from "@hubspot/ui-extensions";
import type { ExtensionPointApi } from "@hubspot/ui-extensions";
import {
  ApiError,
  approveFollowup,
  loadFollowup,
  skipFollowup,
  type Fetcher,
  type Followup,
  type FollowupState,
  type Identity,
  type SendMode,
} from "./followupApi";

type SidebarApi = ExtensionPointApi<"crm.record.sidebar">;

export interface FollowupCardProps {
  context: SidebarApi["context"];
  actions: Pick<SidebarApi["actions"], "addAlert" | "refreshObjectProperties">;
  /** Injected in tests; in HubSpot it is `hubspot.fetch`, which signs and proxies the request. */
  fetcher?: Fetcher;
}

type View =
  | { kind: "loading" }
  | { kind: "none" }
  | { kind: "error"; message: string }
  | { kind: "ready"; followup: Followup };

interface Edits {
  subject: string;
  body: string;
}

const STATE_LABELS: Record<FollowupState, string> = {
  draft: "Draft",
  scheduled: "Scheduled",
  sending: "Sending",
  sent: "Sent",
  skipped: "Skipped",
  held: "Held",
};

const STATE_VARIANTS: Record<FollowupState, "default" | "info" | "success" | "warning" | "error"> = {
  draft: "default",
  scheduled: "info",
  sending: "info",
  sent: "success",
  skipped: "warning",
  held: "error",
};

const NO_CARD_TEXT = "No business card for this contact in cardfollow";

export function FollowupCard({ context, actions, fetcher = hubspot.fetch }: FollowupCardProps) {
  const objectId = context.crm.objectId;
  const portalId = context.portal.id;
  const userId = context.user.id;
  const who = useMemo<Identity>(
    () => ({ objectId, portalId, userId }),
    [objectId, portalId, userId],
  );
  const [view, setView] = useState<View>({ kind: "loading" });
  const [edits, setEdits] = useState<Edits>({ subject: "", body: "" });
  const [busy, setBusy] = useState(false);
  // State updates land after the next render; the ref blocks a second click that arrives before it.
  const busyRef = useRef(false);
  // onInput carries every keystroke but HubSpot advises against re-rendering on it; keep the latest
  // text here so an action never sends a value the user typed but has not committed (blurred) yet.
  const latest = useRef<Edits>({ subject: "", body: "" });
  const loadSeq = useRef(0);

  const showFollowup = useCallback((followup: Followup) => {
    latest.current = { subject: followup.subject, body: followup.body };
    setEdits(latest.current);
    setView({ kind: "ready", followup });
  }, []);

  const load = useCallback(async () => {
    const seq = ++loadSeq.current;
    setView({ kind: "loading" });
    try {
      const result = await loadFollowup(fetcher, who);
      if (seq !== loadSeq.current) return;
      if (result.kind === "none") setView({ kind: "none" });
      else showFollowup(result.followup);
    } catch (err) {
      if (seq !== loadSeq.current) return;
      setView({ kind: "error", message: errorMessage(err) });
    }
  }, [fetcher, who, showFollowup]);

  useEffect(() => {
    void load();
  }, [load]);

  const run = async (request: () => Promise<Followup>, success: (f: Followup) => void) => {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(true);
    try {
      const followup = await request();
      showFollowup(followup);
      success(followup);
      actions.refreshObjectProperties();
    } catch (err) {
      // The edits stay as they are so the user can fix what the backend refused and try again.
      actions.addAlert({ type: "danger", message: errorMessage(err) });
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  };

  const approve = (send: SendMode) =>
    run(
      () => approveFollowup(fetcher, who, { ...latest.current, send }),
      (f) => announce(actions, f),
    );
  const skip = () =>
    run(
      () => skipFollowup(fetcher, who),
      () => actions.addAlert({ type: "success", message: "Follow-up skipped" }),
    );

  const setField = (field: keyof Edits) => (value: string) => {
    latest.current = { ...latest.current, [field]: value };
    setEdits(latest.current);
  };
  const noteField = (field: keyof Edits) => (value: string) => {
    latest.current = { ...latest.current, [field]: value };
  };

  if (view.kind === "loading") {
    return <LoadingSpinner label="Loading the follow-up…" testId="cf-loading" />;
  }
  if (view.kind === "none") {
    return <Text testId="cf-no-card">{NO_CARD_TEXT}</Text>;
  }
  if (view.kind === "error") {
    return (
      <Flex direction="column" gap="sm">
        <Alert title="Could not load the follow-up" variant="error" testId="cf-load-error">
          {view.message}
        </Alert>
        <Button testId="cf-retry" onClick={() => void load()}>
          Retry
        </Button>
      </Flex>
    );
  }

  const f = view.followup;
  return (
    <Flex direction="column" gap="sm">
      {f.photo_url ? (
        <Image
          src={f.photo_url}
          href={f.photo_url}
          alt={`Business card of ${f.contact.name || "this contact"}`}
          width={240}
          testId="cf-photo"
        />
      ) : null}
      <Text format={{ fontWeight: "bold" }} testId="cf-contact">
        {contactLine(f)}
      </Text>
      {f.contact.email ? <Text testId="cf-email">{f.contact.email}</Text> : null}
      {metLine(f) ? <Text testId="cf-met">{metLine(f)}</Text> : null}
      <Flex direction="row" gap="xs">
        <Tag variant={STATE_VARIANTS[f.state]} testId="cf-state">
          {STATE_LABELS[f.state]}
        </Tag>
      </Flex>
      {f.message ? <Text testId="cf-message">{f.message}</Text> : null}
      {f.flagged.length > 0 ? (
        <Text variant="microcopy" testId="cf-flagged">{`check: ${f.flagged.join(", ")}`}</Text>
      ) : null}
      <Divider />
      {f.editable ? (
        <>
          <Input
            label="Subject"
            name="subject"
            value={edits.subject}
            onInput={noteField("subject")}
            onChange={setField("subject")}
            readOnly={busy}
            testId="cf-subject"
          />
          <TextArea
            label="Body"
            name="body"
            value={edits.body}
            rows={10}
            resize="vertical"
            onInput={noteField("body")}
            onChange={setField("body")}
            readOnly={busy}
            testId="cf-body"
          />
        </>
      ) : (
        <>
          <Text format={{ fontWeight: "bold" }} testId="cf-subject-text">
            {f.subject}
          </Text>
          <Text testId="cf-body-text">{f.body}</Text>
        </>
      )}
      <ActionButtons
        state={f.state}
        canSend={f.can_send}
        busy={busy}
        onApprove={approve}
        onSkip={skip}
      />
    </Flex>
  );
}

interface ActionButtonsProps {
  state: FollowupState;
  canSend: boolean;
  busy: boolean;
  onApprove: (send: SendMode) => void;
  onSkip: () => void;
}

function ActionButtons({ state, canSend, busy, onApprove, onSkip }: ActionButtonsProps) {
  const sendDisabled = busy || !canSend;
  if (state === "draft" || state === "skipped") {
    return (
      <ButtonRow>
        <Button
          variant="primary"
          disabled={sendDisabled}
          onClick={() => onApprove("now")}
          testId="cf-approve"
        >
          Approve & send
        </Button>
        <Button disabled={sendDisabled} onClick={() => onApprove("later")} testId="cf-send-later">
          Send later
        </Button>
        {state === "draft" ? (
          <Button variant="transparent" disabled={busy} onClick={onSkip} testId="cf-skip">
            Skip
          </Button>
        ) : null}
      </ButtonRow>
    );
  }
  if (state === "scheduled") {
    return (
      <ButtonRow>
        <Button
          variant="primary"
          disabled={sendDisabled}
          onClick={() => onApprove("now")}
          testId="cf-send-now"
        >
          Send now
        </Button>
        <Button disabled={sendDisabled} onClick={() => onApprove("later")} testId="cf-save">
          Save
        </Button>
        <Button variant="transparent" disabled={busy} onClick={onSkip} testId="cf-skip">
          Skip
        </Button>
      </ButtonRow>
    );
  }
  // sending / sent / held: nothing left for the user to decide here.
  return null;
}

function announce(actions: FollowupCardProps["actions"], f: Followup): void {
  if (f.state === "scheduled") {
    actions.addAlert({ type: "success", message: "Follow-up scheduled" });
  } else if (f.state === "sent" || f.state === "sending") {
    actions.addAlert({ type: "success", message: "Follow-up sent" });
  } else {
    // e.g. "held": the backend accepted the approval but did not send; its message says why.
    actions.addAlert({ type: "warning", message: f.message || `Follow-up ${f.state}` });
  }
}

function contactLine(f: Followup): string {
  const role = [f.contact.title, f.contact.company].filter(Boolean).join(", ");
  const name = f.contact.name || f.contact.email || "Unnamed contact";
  return role ? `${name} — ${role}` : name;
}

function metLine(f: Followup): string | null {
  if (f.event && f.met_on) return `Met at ${f.event} on ${f.met_on}`;
  if (f.event) return `Met at ${f.event}`;
  if (f.met_on) return `Met on ${f.met_on}`;
  return null;
}

function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return err instanceof Error ? err.message : String(err);
}

hubspot.extend<"crm.record.sidebar">(({ context, actions }) => (
  <FollowupCard context={context} actions={actions} />
));
