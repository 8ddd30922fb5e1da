using Cavra.Core.PublicSafe;
using static Cavra.Core.Tests.PublicSafe.Fake;

namespace Cavra.Core.Tests.PublicSafe;

/// <summary>A field path and the value stored there.</summary>
internal readonly record struct FieldSample(string Path, string Value);

/// <summary>Fake secrets per family (built at run time) and benign values our own records contain.</summary>
internal static class SecretSamples
{
    private const string Notes = "notes";

    public static IReadOnlyDictionary<string, FieldSample[]> ByKind { get; } = new Dictionary<string, FieldSample[]>
    {
        [SecretKinds.PrivateKey] =
        [
            new(Notes, PemBlock("RSA", 1)),
            new(Notes, PemBlock("OPENSSH", 2)),
            new("delivery.request.body", "key follows: " + PemBlock(string.Empty, 3)),
            new(Notes, PemBlock("EC", 4)),
            new(Notes, PemBlock("ENCRYPTED", 5)),
            new("attachment", "-----BEGIN PGP " + "PRIVATE" + " KEY BLOCK-----\n\n" + Of(Base64, 64, 6)),
            new(Notes, "age key: AGE-SECRET-" + "KEY-1" + Of(Bech32, 58, 7)),
            new(Notes, "PuTTY-User-Key-File-3: ssh-ed25519\nPrivate-Lines: 1\n" + Of(Base64, 64, 8)),
        ],
        [SecretKinds.AwsAccessKeyId] =
        [
            new(Notes, "AKIA" + "IOSFODNN7EXAMPLE"),
            new(Notes, "export AWS_ACCESS_KEY_ID=AKIA" + Of(UpperDigits, 16, 10)),
            new("external_ref", "ASIA" + Of(UpperDigits, 16, 11)),
            new(Notes, """{"aws_access_key_id": "AKIA""" + Of(UpperDigits, 16, 12) + "\"}"),
        ],
        [SecretKinds.AwsSecretAccessKey] =
        [
            new(Notes, "aws_secret_access_key = " + Of(Base64, 40, 20)),
            new(Notes, "AWS_SECRET_ACCESS_KEY=" + Of(Base64, 40, 21)),
            new(Notes, "SecretAccessKey: \"" + Of(Base64, 40, 22) + "\""),
            new("config.aws_secret_access_key", Of(Base64, 40, 23)),
        ],
        [SecretKinds.GitHubToken] =
        [
            new(Notes, "ghp_" + Of(Alnum, 36, 30)),
            new(Notes, "token was gho_" + Of(Alnum, 36, 31)),
            new("external_ref", "github_pat_" + Of(Alnum, 22, 32) + "_" + Of(Alnum, 59, 33)),
            new("verification_refs[0]", "https://x-access-token:ghs_" + Of(Alnum, 36, 34) + "@github.com/org/repo.git"),
        ],
        [SecretKinds.GitLabToken] =
        [
            new(Notes, "glpat-" + Of(Alnum + "-_", 20, 40)),
            new(Notes, "GITLAB_TOKEN=glpat-" + Of(Alnum, 26, 41)),
            new("runner.registration", "glrt-" + Of(Alnum, 24, 42)),
            new(Notes, "CI_JOB_TOKEN=glcbt-64_" + Of(Alnum, 20, 43)),
            new(Notes, "gitlab-runner register --registration-token GR1348941" + Of(Base64Url, 20, 44)),
            new(Notes, "gloas-" + Of(Alnum, 64, 45)),
        ],
        [SecretKinds.SlackToken] =
        [
            new(Notes, $"xoxb-{Of(Digits, 12, 50)}-{Of(Digits, 13, 51)}-{Of(Alnum, 24, 52)}"),
            new(Notes, $"refresh with xoxe.xoxp-1-{Of(Alnum, 40, 59)}"),
            new(Notes, $"use xoxp-{Of(Digits, 11, 53)}-{Of(Digits, 11, 54)}-{Of(Digits, 12, 55)}-{Of(Hex, 32, 56)} for now"),
            new("delivery.response.body", $"xapp-1-A{Of(UpperDigits, 10, 57)}-{Of(Digits, 13, 58)}-{Of(Hex, 64, 59)}"),
        ],
        [SecretKinds.SlackWebhookUrl] =
        [
            new("delivery.request.url", $"https://hooks.slack.com/services/T{Of(UpperDigits, 8, 60)}/B{Of(UpperDigits, 10, 61)}/{Of(Alnum, 24, 62)}"),
            new(Notes, $"posted to https://hooks.slack.com/workflows/T{Of(UpperDigits, 8, 63)}/A{Of(UpperDigits, 10, 64)}/{Of(Digits, 18, 65)}/{Of(Alnum, 24, 66)} ok"),
            new("external_ref", $"hooks.slack.com/services/T{Of(UpperDigits, 8, 160)}/B{Of(UpperDigits, 10, 161)}/{Of(Alnum, 24, 162)}"),
            new("verification_refs[1]", $"https://hooks.slack.com/triggers/T{Of(UpperDigits, 8, 67)}/{Of(Digits, 13, 68)}/{Of(Hex, 32, 69)}"),
        ],
        [SecretKinds.TeamsWebhookUrl] =
        [
            new("delivery.request.url", $"https://contoso.webhook.office.com/webhookb2/{Guid(70)}@{Guid(71)}/IncomingWebhook/{Of(Hex, 32, 72)}/{Guid(73)}"),
            new(Notes, $"https://prod-27.westeurope.logic.azure.com:443/workflows/{Of(Hex, 32, 74)}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig={Of(Base64Url, 43, 75)}"),
            new("delivery.request.url", $"https://default{Of(Hex, 30, 76)}.12.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/{Of(Hex, 32, 77)}/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig={Of(Base64Url, 43, 78)}"),
        ],
        [SecretKinds.SplunkHecToken] =
        [
            new(Notes, "Authorization: Splunk " + Guid(80)),
            new(Notes, "splunk_hec_token=" + Guid(81)),
            new(Notes, "HEC token: " + Guid(82)),
            new("connector.splunk.hec_token", Guid(83)),
            new("delivery.request.headers.Authorization", "Splunk " + Guid(84)),
        ],
        [SecretKinds.DatadogApiKey] =
        [
            new(Notes, "DD-API-KEY: " + Of(Hex, 32, 90)),
            new(Notes, "DATADOG_API_KEY=" + Of(Hex, 32, 91)),
            new(Notes, "dd_app_key: " + Of(Hex, 40, 92)),
            new("delivery.request.headers.DD-API-KEY", Of(Hex, 32, 93)),
        ],
        [SecretKinds.AzureStorageKey] =
        [
            new(Notes, $"DefaultEndpointsProtocol=https;AccountName=cavrastore;AccountKey={Of(Base64, 86, 100)}==;EndpointSuffix=core.windows.net"),
            new(Notes, $"AccountKey={Of(Base64, 88, 101)}"),
            new("storage.account_key", Of(Base64, 86, 102) + "=="),
        ],
        [SecretKinds.AzureSasToken] =
        [
            new("verification_refs[0]", $"https://cavrastore.blob.core.windows.net/evidence/run.json?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2026-01-01T00:00:00Z&spr=https&sig={Of(Alnum, 40, 110)}%3D"),
            new(Notes, $"?sp=r&st=2026-05-01T00:00:00Z&se=2026-05-02T00:00:00Z&sv=2024-08-04&sr=b&sig={Of(Alnum, 44, 111)}"),
            new(Notes, $"SharedAccessSignature=sv=2022-11-02&ss=q&sig={Of(Alnum, 43, 112)}%2B"),
        ],
        [SecretKinds.GoogleApiKey] =
        [
            new(Notes, "AIza" + Of(Alnum + "-_", 35, 120)),
            new("verification_refs[3]", "https://maps.googleapis.com/maps/api/geocode/json?key=AIza" + Of(Alnum, 35, 121)),
        ],
        [SecretKinds.Jwt] =
        [
            new(Notes, Jwt(130)),
            new("delivery.response.body", """{"access_token":""" + "\"" + Jwt(131) + "\"}"),
            new(Notes, "Authorization: Bearer " + Jwt(132)),
        ],
        [SecretKinds.BearerToken] =
        [
            new(Notes, "Authorization: Bearer " + Of(Alnum, 40, 140)),
            new("delivery.request.headers.Authorization", "Bearer " + Of(Alnum + "._-", 32, 141)),
            new(Notes, "curl -H 'authorization: bearer " + Of(Alnum, 24, 142) + "'"),
        ],
        [SecretKinds.BasicAuth] =
        [
            new(Notes, "Authorization: Basic " + BasicCredentials("svc-cavra", 150)),
            new("delivery.request.headers.Authorization", "Basic " + BasicCredentials("admin", 151)),
        ],
        [SecretKinds.UrlCredentials] =
        [
            new(Notes, $"postgres://cavra:{Of(Alnum, 16, 160)}@db.internal:5432/cavra"),
            new("verification_refs[2]", $"https://deploy:{Of(Alnum, 20, 161)}@artifacts.example.com/repo/cavra.zip"),
            new(Notes, "amqp://guest:guest-pass-01@rabbit:5672/"),
            new("delivery.request.url", $"https://api:{Of(Alnum, 12, 162)}@hooks.example.com/cavra"),
            new(Notes, $"redis://:{Of(Alnum, 14, 163)}@cache:6379/0"),
            new(Notes, $"mongodb+srv://cavra:{Of(Alnum, 18, 164)}@cluster0.example.net/evidence?retryWrites=true"),
        ],
        [SecretKinds.ConnectionStringPassword] =
        [
            new(Notes, $"Server=db.internal;Database=cavra;User Id=cavra;Password={Of(Alnum, 16, 170)};"),
            new(Notes, $"Host=pg;Port=5432;Username=cavra;Pwd={Of(Alnum, 14, 171)}"),
            new("config.connection", $"Data Source=sql01;Initial Catalog=cavra;User ID=sa;Password=\"{Of(Alnum, 10, 172)} x\";"),
        ],
        [SecretKinds.StripeKey] =
        [
            new(Notes, "sk_live_" + Of(Alnum, 24, 180)),
            new(Notes, "rk_live_" + Of(Alnum, 32, 181)),
            new(Notes, "STRIPE_WEBHOOK_SECRET=whsec_" + Of(Alnum, 32, 182)),
            new(Notes, "webhook_secret: \"whsec_" + Of(Alnum, 32, 218) + "\"."),
        ],
        [SecretKinds.NpmToken] =
        [
            new(Notes, "npm_" + Of(Alnum, 36, 190)),
            new(Notes, "//registry.npmjs.org/:_authToken=npm_" + Of(Alnum, 36, 191)),
        ],
        [SecretKinds.SendGridKey] =
        [
            new(Notes, $"SG.{Of(Base64Url, 22, 200)}.{Of(Base64Url, 43, 201)}"),
            new("connector.email", $"key SG.{Of(Alnum, 22, 202)}.{Of(Alnum, 43, 203)} in use"),
        ],
        [SecretKinds.GenericSecret] =
        [
            new(Notes, "password=hunter2hunter2"),
            new(Notes, "client_secret: " + Of(Alnum, 32, 210)),
            new(Notes, "api_key=" + Of(Alnum, 24, 211)),
            new(Notes, """{"token": """ + "\"" + Of(Alnum, 30, 212) + "\"}"),
            new(Notes, "DB_PASSWORD=Winter2024!"),
            new("password", "hunter2hunter2"),
            new("smtp.passwd", "correct horse"),
            new("connector.api_key", Of(Alnum, 28, 213)),
            new("headers.X-Api-Key", Of(Hex, 40, 214)),
            new("oauth.client_secret", Of(Base64Url, 40, 215)),
            new("tokens[1]", Of(Alnum, 20, 216)),
            new(Notes, "kubectl create secret generic cavra --from-literal=password=Sup3rS3cret!"),
            new("delivery.request.headers.Authorization", "Token " + Of(Alnum, 32, 217)),
        ],
        [SecretKinds.AiApiKey] =
        [
            new(Notes, "OPENAI_API_KEY=sk-proj-" + Of(Base64Url, 74, 300) + OpenAiMarker + Of(Base64Url, 74, 301)),
            new(Notes, "legacy key sk-" + Of(Alnum, 20, 302) + OpenAiMarker + Of(Alnum, 20, 303)),
            new("delivery.request.headers.x-api-key", "sk-ant-api03-" + Of(Base64Url, 93, 304) + "AA"),
            new(Notes, "export HF_TOKEN=hf_" + Of(Upper + Lower, 34, 305)),
            new(Notes, "COHERE_API_KEY: " + Of(Alnum, 40, 306)),
            new(Notes, "groq: gsk_" + Of(Alnum, 52, 307)),
            new("connector.llm", "sk-svcacct-" + Of(Base64Url, 58, 308) + OpenAiMarker + Of(Base64Url, 58, 309)),
            new(Notes, "PERPLEXITY_API_KEY=pplx-" + Of(Alnum, 48, 310)),
        ],
        [SecretKinds.SecretManagerToken] =
        [
            new(Notes, "VAULT_TOKEN=hvs." + Of(Base64Url, 92, 311)),
            new(Notes, "batch token hvb." + Of(Base64Url, 140, 312)),
            new(Notes, "DOPPLER_TOKEN=dp.pt." + Of(Alnum, 43, 313)),
            new(Notes, "dp.st.prd." + Of(Alnum, 43, 314)),
            new("connector.onepassword", "ops_eyJ" + Of(Base64, 260, 315)),
            new(Notes, $"secret key A3-{Of(UpperDigits, 6, 316)}-{Of(UpperDigits, 11, 317)}-{Of(UpperDigits, 5, 318)}-{Of(UpperDigits, 5, 319)}-{Of(UpperDigits, 5, 320)}"),
        ],
        [SecretKinds.PackageRegistryToken] =
        [
            new(Notes, "TWINE_PASSWORD=pypi-AgEIcHlwaS5vcmc" + Of(Base64Url, 70, 321)),
            new(Notes, "dotnet nuget push cavra.nupkg -k oy2" + Of(Lower + Digits, 43, 322)),
            new(Notes, "GEM_HOST_API_KEY=rubygems_" + Of(Hex, 48, 323)),
            new(Notes, "docker login -u cavra -p dckr_pat_" + Of(Base64Url, 27, 324)),
            new("verification_refs[0]", "AKCp" + Of(Alnum, 69, 325)),
            new(Notes, "CLOJARS_" + Of(Lower + Digits, 60, 326)),
        ],
        [SecretKinds.ChatWebhookUrl] =
        [
            new("delivery.request.url", $"https://discord.com/api/webhooks/{Of(Digits, 19, 330)}/{Of(Base64Url, 68, 331)}"),
            new(Notes, $"posted via https://discordapp.com/api/webhooks/{Of(Digits, 18, 332)}/{Of(Base64Url, 64, 333)} ok"),
            new(Notes, $"https://chat.googleapis.com/v1/spaces/AAAA{Of(Alnum, 7, 334)}/messages?key=AIza{Of(Base64Url, 35, 335)}&token={Of(Base64Url, 43, 336)}%3D"),
        ],
        [SecretKinds.ChatBotToken] =
        [
            new(Notes, $"TELEGRAM_BOT_TOKEN={Of(Digits, 10, 340)}:AA{Of(Base64Url, 33, 341)}"),
            new("delivery.request.url", $"https://api.telegram.org/bot{Of(Digits, 9, 342)}:AA{Of(Base64Url, 33, 343)}/sendMessage"),
            new(Notes, $"discord bot token M{Of(Alnum, 25, 344)}.{Of(Base64Url, 6, 345)}.{Of(Base64Url, 38, 346)}"),
        ],
        [SecretKinds.PaymentKey] =
        [
            new(Notes, "SQUARE_ACCESS_TOKEN=EAAA" + Of(Base64Url, 60, 350)),
            new(Notes, "square app secret sq0csp-" + Of(Base64Url, 43, 351)),
            new(Notes, $"braintree access_token$production${Of(Lower + Digits, 16, 352)}${Of(Hex, 32, 353)}"),
            new(Notes, "rzp_live_" + Of(Alnum, 14, 354)),
        ],
        [SecretKinds.OAuthClientSecret] =
        [
            new(Notes, "GOOGLE_CLIENT_SECRET=GOCSPX-" + Of(Base64Url, 28, 360)),
            new(Notes, "azure app secret " + Of(Alnum, 3, 361) + "8Q~" + Of(Alnum + "_~.-", 34, 362) + " expires in 90 days"),
            new("oauth.client_secret", Of(Alnum, 3, 363) + "7Q~" + Of(Alnum, 34, 364)),
        ],
        [SecretKinds.HostingPlatformToken] =
        [
            new(Notes, "HEROKU_API_KEY=HRKU-AA" + Of(Base64Url, 58, 370)),
            new(Notes, "heroku_api_key: " + Guid(371)),
            new(Notes, "DIGITALOCEAN_TOKEN=dop_v1_" + Of(Hex, 64, 372)),
            new(Notes, "fly deploy --access-token fo1_" + Of(Base64Url, 43, 373)),
            new(Notes, "CLOUDFLARE_API_TOKEN=" + Of(Base64Url, 40, 374)),
            new(Notes, "VERCEL_TOKEN=" + Of(Alnum, 24, 375)),
            new(Notes, "render key rnd_" + Of(Alnum, 32, 376)),
            new(Notes, "supabase login --token sbp_" + Of(Hex, 40, 377)),
            new(Notes, "NETLIFY_AUTH_TOKEN=nfp_" + Of(Alnum, 36, 378)),
            new(Notes, Of(Alnum, 14, 379) + ".atlas" + "v1." + Of(Base64Url, 67, 380)),
            new(Notes, "PULUMI_ACCESS_TOKEN=pul-" + Of(Hex, 40, 381)),
            new("verification_refs[1]", "dapi" + Of(Hex, 32, 382)),
        ],
        [SecretKinds.SaasApiToken] =
        [
            new(Notes, "shpat_" + Of(Hex, 32, 390)),
            new(Notes, "TWILIO_API_KEY=SK" + Of(Hex, 32, 391)),
            new(Notes, "MAILGUN_API_KEY=key-" + Of(Hex, 32, 392)),
            new(Notes, "LINEAR_API_KEY=lin_api_" + Of(Alnum, 40, 393)),
            new("connector.jira.api_token_value", "ATATT3" + Of(Base64Url, 186, 394)),
            new(Notes, "grafana cloud glc_" + Of(Base64, 48, 395) + "=="),
            new(Notes, $"glsa_{Of(Alnum, 32, 396)}_{Of(Hex, 8, 397)}"),
            new(Notes, "NEW_RELIC_API_KEY=NRAK-" + Of(UpperDigits, 27, 398)),
            new(Notes, $"SENTRY_AUTH_TOKEN=sntrys_eyJpYXQiO{Of(Base64, 60, 399)}_{Of(Base64, 43, 400)}"),
            new(Notes, "postman PMAK-" + Of(Hex, 24, 401) + "-" + Of(Hex, 34, 402)),
            new(Notes, "sntryu_" + Of(Hex, 64, 403)),
            new(Notes, $"mailchimp {Of(Hex, 32, 404)}-us21"),
        ],
    };

    /// <summary>Base64 of "OpenAI", the marker inside OpenAI keys, split so the source holds no key-shaped literal.</summary>
    private const string OpenAiMarker = "T3Blbk" + "FJ";

    public static IEnumerable<FieldSample> AllSecrets => ByKind.Values.SelectMany(s => s);

    private static readonly string _hash1 = Of(Hex, 64, 900);
    private static readonly string _hash2 = Of(Hex, 64, 901);

    /// <summary>Values our own records contain, and look-alikes that are not secrets.</summary>
    public static IReadOnlyList<FieldSample> Benign { get; } =
    [
        new("id", "gordackretryexec-3f9a1c2b4d5e6f70"),
        new("id", "gordn-" + Of(Hex, 16, 902)),
        new("record_id", "rcd-gordack-20260501-0123456789ab"),
        new("idempotency_key", "gordackretryexec-" + Of(Hex, 16, 903)),
        new(Notes, "rcd-gordack-20260501-0123456789ab"),
        new("content_hash", _hash1),
        new("execution_hash", _hash2),
        new("closure_hash", Of(Hex, 64, 904)),
        new("record_hash", Of(Hex, 64, 905)),
        new("previous_hash", Of(Hex, 64, 906)),
        new("checkpoint.signature", Of(Hex, 64, 907)),
        new(Notes, _hash1),
        new("created_at", "2026-05-01T10:15:30Z"),
        new("acknowledged_at", "2026-05-01T10:15:30.1234567+00:00"),
        new("external_ref", "CHG-123"),
        new("external_ref", "INC0012345"),
        new("verification_refs[0]", "https://status.example.com/incidents/42"),
        new("delivery.request.url", "https://hooks.example.com/cavra"),
        new("verification_refs[1]", "https://status.example.com/incidents/42?since=2026-05-01&view=timeline"),
        new("provider", "slack"),
        new("provider", "teams"),
        new("provider", "splunk"),
        new("provider", "datadog"),
        new("provider", "pagerduty"),
        new("run_ref", "go-rollback-drill-retry-worker://run/2026-05-01T10:00:00Z/3"),
        new("correlation_id", Guid(908)),
        new(Notes, Guid(909)),
        new("schema_version", "cavra.go-backend-pilot.rollback-drill-notification-plan.v1"),
        new("metadata.kind", "go_rollback_drill_notification_delivery_ack"),
        new("delivery.request.headers.Authorization", "REDACTED"),
        new("delivery.request.headers.DD-API-KEY", "REDACTED"),
        new("delivery.request.url", "https://hooks.slack.com/services/REDACTED"),
        new("delivery.request.url", "https://contoso.webhook.office.com/webhookb2/REDACTED"),
        new("url_env", "CAVRA_WEBHOOK_URL"),
        new("token_env", "CAVRA_SLACK_TOKEN"),
        new(Notes, "url_env: CAVRA_WEBHOOK_URL"),
        new(Notes, "token_env: CAVRA_SLACK_TOKEN"),
        new(Notes, "connector secrets are never stored in evidence"),
        new(Notes, "Bearer tokens and webhook URLs are redacted before a delivery result is stored"),
        new(Notes, "rotate the password next week"),
        new(Notes, "The Datadog API key and the Splunk HEC token live in configuration only"),
        new("owner", "oncall-platform@example.com"),
        new("version", "1.4.2"),
        new("version", "2.0.0-rc.1+build.5"),
        new("cadence", "every_15_minutes"),
        new("count", "12345678901"),
        new(Notes, "pneumonoultramicroscopicsilicovolcanoconiosis"),
        new(Notes, "internationalization-and-localization-readiness"),
        new("api_key", "REDACTED"),
        new("password", "********"),
        new("client_secret", "${CAVRA_CLIENT_SECRET}"),
        new(Notes, "token=${CAVRA_API_TOKEN}"),
        new(Notes, "Password=<your-password>"),
        new(Notes, "postgres://cavra:${DB_PASSWORD}@db.internal:5432/cavra"),
        new("secret_ref", "vault://kv/cavra/slack"),
        new("secret_kind", "aws_access_key_id"),
        new("token_type", "Bearer"),
        new("password_policy", "at least 12 characters, rotated every 90 days"),
        new("api_key_configured", "true"),
        new("client_secret_expires_at", "2026-12-31T00:00:00Z"),
        new(Notes, "ssh://git@github.com:22/org/cavra.git"),
        new(Notes, "Basic setup completed for the asia-pacific region"),
        new(Notes, "AKIA is the prefix of long-term AWS access key ids"),
        new(Notes, "token: see runbook"),
        new(Notes, "Azure SAS URLs keep sv= but sig=REDACTED"),
        new("image", "ghcr.io/org/cavra@sha256:" + Of(Hex, 64, 910)),
        new("http.last_modified", "Tue, 05 May 2026 10:00:00 GMT"),
        new("path", "/v1/evidence/gordn-" + Of(Hex, 16, 911) + "/verify"),
        new(Notes, "secrets: none found"),
        new(Notes, "Escalated to INC0012345 after CHG-123 rollback drill; see https://status.example.com/incidents/42"),
        new("summary", "3 of 4 deliveries acknowledged; 1 retry scheduled at 2026-05-01T10:30:00Z"),
        new(Notes, "Server=db;Database=cavra;User Id=cavra;Password=${DB_PASSWORD};"),
        new(Notes, "DefaultEndpointsProtocol=https;AccountName=cavra;AccountKey=REDACTED;EndpointSuffix=core.windows.net"),
        new("verification_refs[0]", "https://cavra.blob.core.windows.net/c/run.json?sv=2022-11-02&sig=REDACTED"),
        new(Notes, "amqp://guest:${RABBIT_PASSWORD}@rabbit:5672/"),
        new("delivery.request.headers.Authorization", "Bearer REDACTED"),
        new(Notes, "Authorization: Bearer <token>"),
        new(Notes, "-----BEGIN PUBLIC KEY-----"),
        new(Notes, "-----BEGIN CERTIFICATE-----"),
        new(Notes, "deployed build " + Of(Hex, 40, 912) + " to production"),
        new("tokenizer", "whitespace-v2-ABC123"),
        new("token_count", "1234"),
        new("private_key_path", "/etc/cavra/signing.pem"),
        new(Notes, "mailto:oncall-platform@example.com"),
        new(Notes, "https://user@example.com/profile"),
        new(Notes, "AWS region: ap-southeast-1 (asia pacific)"),
        new(Notes, "see ticket SG.12345 for details"),

        // Ticket and change ids.
        new("external_ref", "JIRA-1234"),
        new("external_ref", "OPS-42"),
        new("external_ref", "CHG0034567"),
        new("external_ref", "RITM0012345"),
        new("external_ref", "PRB0001234"),
        new(Notes, "Tracked in JIRA-1234 and SEC-2026-0042; change CHG0034567 approved"),

        // Commit SHAs, digests and Cavra's own hashes and ids.
        new("verification_refs[0]", Of(Hex, 40, 920)),
        new(Notes, "fixed in " + Of(Hex, 7, 921) + " and " + Of(Hex, 12, 922)),
        new("commit", Of(Hex, 40, 923).ToUpperInvariant()),
        new(Notes, "artifact sha256:" + Of(Hex, 64, 924)),
        new("integrity", "sha256-" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData("cavra"u8))),
        new("integrity", "sha512-" + Convert.ToBase64String(System.Security.Cryptography.SHA512.HashData("cavra console"u8))),
        new("session_id", "rcd-" + Of(Lower, 8, 925) + "-" + Of(Hex, 12, 926)),
        new("id", "rcd-" + Of(Hex, 64, 927)),
        new("id", "gordretryplan-" + Of(Hex, 16, 928)),
        new("id", "gordackaudit-" + Of(Hex, 16, 929)),
        new("record.hash", Of(Hex, 64, 930)),

        // UUIDs and timestamps.
        new("correlation_id", Guid(931).ToUpperInvariant()),
        new(Notes, "{" + Guid(932) + "}"),
        new("started_at", "2026-05-01T10:15:30+02:00"),
        new("window", "20260501T101530Z/20260501T111530Z"),
        new("deadline", "2026-05-01 10:15:30.123Z"),

        // Runbook phrases that name secrets without holding one.
        new(Notes, "rotate the token in vault"),
        new(Notes, "password reset runbook"),
        new(Notes, "see docs/runbooks/rollback.md"),
        new(Notes, "the API key was rotated on 2026-05-01 by the platform team"),
        new(Notes, "Vault hvs. tokens expire after 768h; request a new one from the secret manager"),
        new(Notes, "Discord webhook and Telegram bot are not configured for this drill"),
        new(Notes, "Heroku app cavra-staging and Vercel project cavra-console deployed"),
        new(Notes, "Cloudflare zone cavra.example.com purged; Netlify site cavra-docs rebuilt"),
        new(Notes, "task-runner-0042 and desk-ops-17 picked up the risk-assessment item"),
        new(Notes, "OpenAI and Anthropic keys live in the secret manager; sk- prefixes are redacted"),
        new(Notes, "Stripe webhook endpoint whsec rotation scheduled"),

        // URLs without credentials.
        new("verification_refs[0]", "https://gitlab.example.com/group/cavra/-/merge_requests/42"),
        new("verification_refs[1]", "https://discord.com/channels/123456789012345678/123456789012345678"),
        new("verification_refs[2]", "https://dashboard.stripe.com/test/webhooks"),
        new("verification_refs[3]", "https://vault.example.com/ui/vault/secrets/kv/show/cavra"),
        new("verification_refs[4]", "https://pypi.org/project/cavra/1.4.2/"),
        new("verification_refs[5]", "https://www.nuget.org/packages/Cavra.Core/1.4.2"),
        new("verification_refs[6]", "https://hub.docker.com/r/org/cavra/tags?name=1.4.2"),
        new("verification_refs[7]", "https://status.example.com/incidents/42?from=2026-05-01T10%3A00%3A00Z&amp;view=timeline"),

        // Encoded harmless text.
        new(Notes, Convert.ToBase64String("rollback drill completed for payments-api in eu-west-1"u8)),
        new("payload", Base64UrlOf("""{"drill":"payments","status":"ok","owners":["oncall-platform"]}""")),
        new(Notes, "summary%20of%20the%20drill%3A%20all%20owners%20acknowledged"),
        new(Notes, "Owners &amp; approvers: &lt;platform&gt; &#38; &#x53;RE"),
        new(Notes, "\uFF32\uFF4F\uFF4C\uFF4C\uFF42\uFF41\uFF43\uFF4B drill \u200Bdone\u00AD"),
        new(Notes, "Ｒｏｌｌｂａｃｋ ｄｒｉｌｌ ｃｏｍｐｌｅｔｅｄ　ｏｎ　ｓｃｈｅｄｕｌｅ"),
        new(Notes, "zero\u200Bwidth\u2060joined\uFEFFwords"),
        new(Notes, "Rollback geprüft – alles grün, nächster Termin 2026-06-01"),
    ];
}
