// Where the Evidence Console finds the Cavra API. Served by Cavra itself, the page calls its own origin: leave this
// as it is. Hosted elsewhere (another web server or origin), set the service's address here and add this page's
// origin to Cavra:Cors:Origins (or CAVRA_CORS_ORIGINS) on the service, for example:
//
//   window.CAVRA_API_BASE = "https://cavra.example.internal";
window.CAVRA_API_BASE = window.CAVRA_API_BASE || "";
