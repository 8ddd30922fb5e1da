using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Cavra.Core.Evidence;
using Cavra.Core.PublicSafe;

namespace Cavra.Core.Closure;

/// <summary>What Export Runbook stored: the runbook and the readiness summary it was made from, each with its record.</summary>
public sealed record RunbookExportOutcome(JsonObject Runbook, StoredEvidence Record, JsonObject Readiness, StoredEvidence ReadinessRecord);

/// <summary>
/// Export Runbook (reference L2): a public-safe runbook of the reporting loop as it stands, made from a release readiness
/// summary (stored with it) — what was done (each passed check with its evidence ids), what remains (each open item or
/// failed check with the route or console action that does it), and what evidence to attach — as JSON and as Markdown.
/// </summary>
public sealed class OperatorRunbook(ReleaseReadiness readiness, EvidenceStore store, TimeProvider clock)
{
    public const string Markdown = "markdown";
    public const string Json = "json";

    public static readonly IReadOnlyList<string> Formats = [Markdown, Json];

    private const string P = "/runtime/go-pilot/rollback-drill-notifications";

    public static readonly IReadOnlyList<string> Controls =
    [
        "The runbook is derived from a stored release readiness summary; it names evidence ids, routes and console actions only.",
        "Every part of the runbook passes the secret scanner before it is stored or returned; connector credentials never appear.",
        "runbook_id fingerprints the readiness summary and the format: an unchanged state exports the same stored runbook.",
    ];

    /// <summary>Builds (and stores) the readiness summary, then the runbook from it; both records are written together.</summary>
    public async Task<RunbookExportOutcome> ExportAsync(int recoverySloMinutes, string generatedBy, string format, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (summary, _) = await readiness.SummarizeAsync(recoverySloMinutes, generatedBy, persist: false, cancellationToken);
        var runbook = Build(summary, generatedBy, format, now);
        SecretScanner.EnsureNone(runbook);
        var stored = await store.AppendAllAsync([ReleaseReadiness.Record(summary, now), Record(runbook, now)], cancellationToken);
        return new RunbookExportOutcome(runbook, stored[1], summary, stored[0]);
    }

    /// <summary>The runbook of a readiness summary at <paramref name="now"/> (pure).</summary>
    public static JsonObject Build(JsonObject summary, string generatedBy, string format, DateTimeOffset now)
    {
        var summaryId = (string)summary["summary_id"]!;
        var checks = summary["checks"]!.AsArray().OfType<JsonObject>().ToList();
        var done = new JsonArray([.. checks.Where(c => (string?)c["state"] == ReleaseReadiness.Passed).Select(c => (JsonNode)new JsonObject
        {
            ["check"] = c["check"]!.DeepClone(),
            ["message"] = c["message"]!.DeepClone(),
            ["count"] = c["count"]!.DeepClone(),
            ["evidence_ids"] = c["evidence_ids"]!.DeepClone(),
        })]);

        // The open items as the summary lists them, and a failed check no open item stands behind (nothing delivered yet, a broken chain).
        var remaining = new JsonArray([.. summary["open_items"]!.AsArray().Select(i => i!.DeepClone())]);
        foreach (var check in checks.Where(c => (string?)c["state"] == ReleaseReadiness.Failed && c["evidence_ids"]!.AsArray().Count == 0
            && (string?)c["check"] != "closure_dashboard_closed"))
        {
            remaining.Add(new OpenItem(
                (string)check["check"]!, "readiness", (int)(long)check["count"]!, [], [], (string)check["message"]!,
                (string?)check["action"], (string?)check["route"]).ToJson());
        }

        var attach = new JsonArray
        {
            Attachment("release readiness summary", [summaryId], $"GET {P}/evidence/{summaryId}"),
            Attachment("evidence chain checkpoint (head sequence and hash) and its verification", [], $"GET {P}/evidence/checkpoint"),
        };
        foreach (var check in done.OfType<JsonObject>().Where(c => c["evidence_ids"]!.AsArray().Count > 0))
        {
            attach.Add(Attachment($"evidence of {check["check"]}", [.. check["evidence_ids"]!.AsArray().Select(v => (string)v!)], $"GET {P}/evidence/{{session_id}}"));
        }

        var generatedAt = EvidenceTime.ToText(now);
        var runbook = new JsonObject
        {
            ["schema_version"] = ClosureRecords.RunbookExport.Schema,
            ["product"] = EvidenceStore.Product,
            ["runbook_id"] = EvidenceIds.Derive(ClosureRecords.RunbookExport.IdPrefix, new JsonObject { ["summary_id"] = summaryId, ["format"] = format }),
            ["generated_at"] = generatedAt,
            ["generated_by"] = generatedBy,
            ["format"] = format,
            ["readiness_summary_id"] = summaryId,
            ["readiness_state"] = summary["readiness_state"]!.DeepClone(),
            ["closure_state"] = summary["closure_state"]!.DeepClone(),
            ["failed_checks"] = summary["failed_checks"]!.DeepClone(),
            ["done"] = done,
            ["remaining"] = remaining,
            ["evidence_to_attach"] = attach,
            ["controls"] = new JsonArray([.. Controls.Select(c => (JsonNode)c)]),
        };
        runbook["markdown"] = ToMarkdown(runbook);
        return runbook;
    }

    /// <summary>The stored form: decisions are the done steps, blocked the remaining ones; the readiness summary id is indexed as plan_id.</summary>
    public static EvidenceDraft Record(JsonObject runbook, DateTimeOffset now)
    {
        var body = RecordBody.Of(ClosureRecords.RunbookExport.PayloadKey, runbook, ["runbook_id", "readiness_summary_id", "readiness_state", "format"]);
        body["plan_id"] = runbook["readiness_summary_id"]!.DeepClone();
        return new EvidenceDraft(
            (string)runbook["runbook_id"]!, ClosureRecords.RunbookExport.Kind, now, (string)runbook["generated_by"]!,
            runbook["done"]!.AsArray().Count, runbook["remaining"]!.AsArray().Count, 0, body);
    }

    /// <summary>The runbook as Markdown: done steps with evidence ids, remaining actions with their routes, evidence to attach.</summary>
    public static string ToMarkdown(JsonObject runbook)
    {
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        Line("# CAVRA rollback drill reporting loop: operator runbook");
        Line();
        Line(string.Create(CultureInfo.InvariantCulture, $"- Runbook: `{runbook["runbook_id"]}` ({runbook["generated_at"]}, by {runbook["generated_by"]})"));
        Line($"- Readiness summary: `{runbook["readiness_summary_id"]}` — **{runbook["readiness_state"]}**");
        Line($"- Final closure: **{runbook["closure_state"]}**");
        var failed = runbook["failed_checks"]!.AsArray().Select(c => (string)c!).ToList();
        if (failed.Count > 0)
        {
            Line($"- Failed checks: {string.Join(", ", failed.Select(c => $"`{c}`"))}");
        }

        Line();
        Line("## What was done");
        Line();
        var done = runbook["done"]!.AsArray().OfType<JsonObject>().ToList();
        if (done.Count == 0)
        {
            Line("Nothing has passed yet.");
        }

        foreach (var step in done)
        {
            var ids = Ids(step["evidence_ids"]);
            Line($"- **{step["check"]}**: {step["message"]}{(ids.Length > 0 ? $" Evidence: {ids}" : "")}");
        }

        Line();
        Line("## What remains");
        Line();
        var remaining = runbook["remaining"]!.AsArray().OfType<JsonObject>().ToList();
        if (remaining.Count == 0)
        {
            Line("Nothing: the reporting loop is closed.");
        }

        foreach (var item in remaining)
        {
            var ids = Ids(item["ids"]);
            var action = (string?)item["action"] is { } named ? $" — **{named}**: `{item["route"]}`" : "";
            Line($"- **{item["item"]}** ({item["stage"]}, {item["count"]}): {item["message"]}{action}{(ids.Length > 0 ? $" Ids: {ids}" : "")}");
        }

        Line();
        Line("## Evidence to attach");
        Line();
        foreach (var attachment in runbook["evidence_to_attach"]!.AsArray().OfType<JsonObject>())
        {
            var ids = Ids(attachment["evidence_ids"]);
            Line($"- {attachment["what"]}: `{attachment["route"]}`{(ids.Length > 0 ? $" — {ids}" : "")}");
        }

        return text.ToString();
    }

    private static string Ids(JsonNode? ids) => string.Join(", ", ids?.AsArray().Select(i => $"`{(string)i!}`") ?? []);

    private static JsonObject Attachment(string what, IReadOnlyList<string> ids, string route) => new()
    {
        ["what"] = what, ["evidence_ids"] = OpenItem.Strings(ids), ["route"] = route,
    };
}
