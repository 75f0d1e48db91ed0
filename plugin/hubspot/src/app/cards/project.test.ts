// The project files HubSpot reads on `hs project upload`, checked against the code that relies on them.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BACKEND_URL } from "./backend";

const cardsDir = dirname(fileURLToPath(import.meta.url));
const appDir = dirname(cardsDir);
const projectDir = dirname(dirname(appDir));

const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));

describe("project configuration", () => {
  const app = readJson(join(appDir, "app-hsmeta.json"));
  const card = readJson(join(cardsDir, "FollowupCard-hsmeta.json"));
  const project = readJson(join(projectDir, "hsproject.json"));

  it("lets the card fetch from and show images from BACKEND_URL", () => {
    expect(app.config.permittedUrls.fetch).toContain(BACKEND_URL);
    expect(app.config.permittedUrls.img).toContain(BACKEND_URL);
  });

  it("points BACKEND_URL at an HTTPS origin that is not localhost (hubspot.fetch refuses both)", () => {
    const url = new URL(BACKEND_URL);
    expect(url.protocol).toBe("https:");
    expect(["localhost", "127.0.0.1", "[::1]"]).not.toContain(url.hostname);
    expect(BACKEND_URL).toBe(url.origin);
  });

  it("declares a private static-auth app that can read contacts", () => {
    expect(app).toMatchObject({ uid: "cardfollow-app", type: "app" });
    expect(app.config.distribution).toBe("private");
    expect(app.config.auth.type).toBe("static");
    expect(app.config.auth.requiredScopes).toEqual(["oauth", "crm.objects.contacts.read"]);
  });

  it("declares the sidebar card on contacts with an entrypoint that exists", () => {
    expect(card).toMatchObject({ uid: "cardfollow-followup-card", type: "card" });
    expect(card.config.location).toBe("crm.record.sidebar");
    expect(card.config.objectTypes).toEqual(["contacts"]);
    // Entrypoints are relative to srcDir.
    const entry = join(projectDir, project.srcDir, card.config.entrypoint);
    expect(existsSync(entry)).toBe(true);
    expect(entry).toBe(join(cardsDir, "FollowupCard.tsx"));
  });

  it("targets platform 2026.03", () => {
    expect(project).toEqual({ name: "cardfollow", srcDir: "src", platformVersion: "2026.03" });
  });
});
