namespace Cavra.Core.Tests.PublicSafe;

/// <summary>
/// Made-up credentials in each family's published format (assembled from parts so no scanner flags this file as a
/// leak), and values our own records contain that must pass.
/// </summary>
internal static class SecretSamples
{
    private const string Hex32 = "9f86d081884c7d659a2feaa0c55ad015";
    private const string Guid = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
    private const string B40 = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    /// <summary>(family, sample) — every sample must be flagged with that family.</summary>
    public static readonly (string Kind, string Value)[] Secrets =
    [
        ("aws_access_key_id", "AKIA" + "IOSFODNN7EXAMPLE"),
        ("aws_access_key_id", "key id ASIA" + "Y34FZKBOKMUTVV7A in the notes"),
        ("aws_access_key_id", "AROA" + "QWERTYUIOPASDFGH"),
        ("aws_secret_access_key", "aws_secret_access_key = " + B40),
        ("aws_secret_access_key", "AWS secret key: " + B40),
        ("github_token", "ghp_" + "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"),
        ("github_token", "token gho_" + "0123456789abcdefghijABCDEFGHIJ012345"),
        ("github_token", "github_pat_" + "11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ"),
        ("github_token", "ghs_" + "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210"),
        ("gitlab_token", "glpat-" + "xYz123AbC456dEf789gHi0"),
        ("slack_token", "xoxb-" + "123456789012-123456789012-AbCdEfGhIjKlMnOpQrStUvWx"),
        ("slack_token", "xoxp-" + "1234567890-1234567890-1234567890-abcdef0123456789abcdef0123456789"),
        ("slack_token", "xapp-" + "1-A0123456789-1234567890123-abcdef0123456789"),
        ("slack_webhook_url", "https://hooks.slack.com/services/" + "T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"),
        ("slack_webhook_url", "post to hooks.slack.com/workflows/" + "T0123ABCD/A0123ABCD/456789/abcdefABCDEF"),
        ("teams_webhook_url", "https://contoso.webhook.office.com/webhookb2/" + "a1b2c3d4-0000-1111-2222-333344445555@72f988bf/IncomingWebhook/abc123/def456"),
        ("teams_webhook_url", "https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers&sv=1.0&sig=" + "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"),
        ("azure_storage_key", "DefaultEndpointsProtocol=https;AccountName=cavra;AccountKey=" + "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==" + ";EndpointSuffix=core.windows.net"),
        ("azure_sas_token", "https://cavra.blob.core.windows.net/evidence?sv=2022-11-02&ss=b&srt=sco&sp=rl&se=2026-12-01&sig=" + "AbCdEfGhIjKlMnOpQrStUvWx%2B0123456789%3D"),
        ("google_api_key", "AIza" + "SyDdI0hCZtE6vySjMm-WEfRq3CPzqKqqsHI"),
        ("google_api_key", "maps key=AIza" + "SyA1234567890abcdefghijklmnopqrstuv"),
        ("jwt", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9" + ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"),
        ("jwt", "id_token eyJraWQiOiJrMSJ9" + ".eyJpc3MiOiJodHRwczovL2lkcCJ9.c2lnbmF0dXJlLXZhbHVlLWhlcmU"),
        ("bearer_token", "Authorization: Bearer " + "abcdef0123456789ABCDEF.ghij"),
        ("bearer_token", "bearer " + "0a1b2c3d4e5f6a7b8c9d0e1f"),
        ("private_key", "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----"),
        ("private_key", "-----BEGIN PRIVATE KEY-----MIIEvQIBADANBgkq"),
        ("private_key", "-----BEGIN OPENSSH PRIVATE KEY-----"),
        ("private_key", "-----BEGIN EC PRIVATE KEY-----"),
        ("url_credentials", "https://admin:" + "s3cr3tP4ss@git.example.com/repo.git"),
        ("url_credentials", "postgres://cavra:" + "hunter2hunter2@db.internal:5432/cavra"),
        ("url_credentials", "amqp://user:" + "pa55word@rabbit:5672/"),
        ("connection_string_password", "Server=db;Database=cavra;User Id=sa;Password=" + "Sup3rS3cret!;"),
        ("connection_string_password", "Host=pg;Username=cavra;Pwd=" + "correcthorse"),
        ("splunk_hec_token", "Authorization: Splunk " + Guid),
        ("splunk_hec_token", "HEC token: " + Guid),
        ("splunk_hec_token", "splunk_hec_token=" + Guid),
        ("datadog_api_key", "DD_API_KEY=" + Hex32),
        ("datadog_api_key", "DD-API-KEY: " + Hex32),
        ("datadog_api_key", "datadog app key: " + Hex32 + "abcd1234"),
        ("stripe_key", "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"),
        ("stripe_key", "rk_live_" + "51H8abcdefghijklmnopqrstuv"),
        ("npm_token", "npm_" + "abcdefghijklmnopqrstuvwxyz0123456789"),
        ("sendgrid_key", "SG." + "ngeVfQFYQlKU0ufo8x5d1A.TwL2iGABf9DHoTf-09kqeF8tAmbihYzrnopKc-1s5cr"),
        ("generic_secret", "db_password: " + "Tr0ub4dor&3"),
        ("generic_secret", "client_secret: " + "8Q~zX9f.Kp2LmN4vB7rT1sWq-Yu0Hj3"),
        ("generic_secret", "api_key=" + "zq8Xv3Lk9Pw2Rt7Ym4Nb"),
        ("generic_secret", "webhook_secret=" + "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        ("generic_secret", "\"token\": \"" + "a8F3kL9qZx2Pm7Rt4Vn6\""),
        ("generic_secret", "x-api-key: " + "Qm9vbGVhbkxvZ2ljMTIzNDU2"),
        ("generic_secret", "signing_secret=" + "kT5rW8yB2nM6qP9sV3xZ"),
        ("generic_secret", "my password: " + "letmein2026"),
        ("generic_secret", "access_key=" + "Zk2Lp9Qr7Xw3Vn5Bm8Ty"),
        ("generic_secret", "SECRET=" + "f9K2mX7qL4pZ8rT1vW6n"),
        ("generic_secret", "auth_token: " + "b7Yp2Kq9Xz4Lm8Rv3Nw5"),
    ];

    /// <summary>Values Cavra's own records and ordinary operator text contain: they must pass.</summary>
    public static readonly string[] Benign =
    [
        "gordackretryexec-3f9a1c2b4d5e6f70", "gordn-0123456789abcdef", "gordack-a1b2c3d4e5f60718",
        "gordackaudit-9e8d7c6b5a493827", "gordackdelivery-00ff11ee22dd33cc", "gordackretry-fedcba9876543210",
        "gordackhealthalert-1a2b3c4d5e6f7a8b", "gordackrecoveryclosure-abcdefabcdef0123",
        "rcd-gordackdelivery-3f9a1c2b4d5e6f70-0123456789ab", "rcd-cavra-connector-test-a1b2c3d4e5f6",
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "0000000000000000000000000000000000000000000000000000000000000000",
        "2026-11-23T08:00:00.000000+00:00", "2026-11-23T08:00:00Z", "2026-01-01T00:00:00.123456+00:00",
        "CHG-123", "INC0012345", "RITM0010001", "JIRA-4521", "REL-2026.11",
        "https://status.example.com/incidents/42", "https://hooks.example.com/cavra",
        "https://runbooks.example.com/rollback/drill?step=3", "https://splunk.example.com:8088/services/collector/event",
        "https://hooks.slack.com/services/REDACTED", "https://contoso.webhook.office.com/REDACTED",
        "webhook", "slack", "teams", "splunk", "sentinel", "datadog", "jira", "servicenow",
        "go-rollback-drill-retry-worker://run/gordackworker-0123456789abcdef",
        "go-rollback-drill-recovery://playbook/gordackrecovery-0123456789abcdef/provider/splunk",
        Guid, "cavra.go-backend-pilot.rollback-drill-notification-plan.v1",
        "go-backend-rollback-drill-acknowledgement-audit-delivery-retry-execution-record",
        "release-connector-delivery", "go_backend_rollback_drill_acknowledgement_audit",
        "REDACTED", "url_env: CAVRA_WEBHOOK_URL", "token_env=CAVRA_SLACK_TOKEN", "CAVRA_SPLUNK_HEC_TOKEN",
        "connector secrets are never stored in evidence", "rotate the password next week",
        "the token expired; renewed through the vault", "release-manager@example.com", "sre-oncall",
        "1.4.2", "v2026.11.23", "every_15_minutes", "on_demand", "maximum retry attempts 3 reached",
        "retry delay 30 minutes has not elapsed", "Bearer", "Authorization header uses a Bearer token",
        "password reset tickets are routed to the service desk", "api_key rotation is tracked in CHG-771",
        "HTTP request failed", "connector endpoint unreachable", "x-api-key", "postgres://db.internal:5432/cavra",
        "https://user@example.com/profile", "Password=REDACTED", "sig=REDACTED", "0.9375", "acknowledged",
    ];
}
