// The one place to set where the cardfollow backend lives. HubSpot only lets the card fetch from (and
// show images from) URLs listed in ../app-hsmeta.json `permittedUrls.fetch` and `.img`: change both
// together (a test checks they agree). It must be HTTPS and not localhost; for local development
// point `hs project dev` at a local backend through the CLI's proxy config instead.
export const BACKEND_URL = "https://cardfollow.example.com";
