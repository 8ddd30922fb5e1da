using System.Data.Common;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cavra.Core.Evidence;
using Cavra.Core.Notifications;
using Cavra.Core.Retries;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Cavra.Core.Tests.Evidence;

/// <summary>
/// Per-request lookups must stay index seeks however many records pile up on one subject. Each hot path runs against a
/// store where one schedule, one health state and one delivery hold thousands of records; the SQL EF sends is captured
/// and its EXPLAIN QUERY PLAN must SEARCH the expected composite index, never SCAN a table or fall back to the plain
/// subject index (which walks every record of the subject).
/// </summary>
public sealed partial class QueryPlanTests
{
    private const string Schedule = "sched-hot";
    private const string NotificationPlan = "plan-hot";
    private const string Health = "health-hot";
    private const string AlertPlan = "alert-plan-hot";
    private const string Delivery = "delivery-hot";
    private const string Audit = "audit-hot";
    private const string RetryPlan = "retry-plan-hot";

    private static readonly HealthAlertStream Alerts = HealthAlerts.Alerts(DeliveryStreams.Audit);

    /// <summary>One hot path: what it runs, and the indexes its queries may and must use.</summary>
    private sealed record HotPath(string Name, Func<EvidenceQuery, EvidenceStore, Task> Run, string[] Required, string[]? Allowed = null);

    private static readonly HotPath[] HotPaths =
    [
        new("acknowledge a drill notification naming its plan (the plan of the schedule)",
            (query, store) => new NotificationAcknowledger(store, query, TimeProvider.System).AcknowledgeAsync(
                [(Schedule, new AcknowledgementInput("slack", "tester", null, null, null, NotificationPlan))], bulk: false, CancellationToken.None),
            [], ["ix_evidence_records_kind_plan", "ix_evidence_records_schedule_kind", "ix_evidence_records_kind_schedule"]),
        new("acknowledge a drill notification (the schedule's latest plan)",
            (query, store) => new NotificationAcknowledger(store, query, TimeProvider.System).AcknowledgeAsync(
                [(Schedule, new AcknowledgementInput("slack", "tester", null, null, null, null))], bulk: false, CancellationToken.None),
            ["ix_evidence_records_schedule_kind"], ["ix_evidence_records_kind_schedule"]),
        new("outstanding drill acknowledgements (latest plan per schedule, latest acknowledgement per provider)",
            (query, _) => Acknowledgements.OutstandingAsync(query, NotificationPlanner.Kind, Acknowledgements.Notification, CancellationToken.None),
            ["ix_evidence_records_kind_schedule"]),
        new("acknowledge a worker health alert (the health state's plan, and the plan id)",
            (query, store) => new HealthAlerts(null!, null!, null!, store, query, TimeProvider.System).AcknowledgeAsync(
                DeliveryStreams.Audit, Health, new AcknowledgementInput("slack", "tester", null, null, null, AlertPlan), CancellationToken.None),
            ["ix_evidence_records_health_kind"], ["ix_evidence_records_kind_plan", "ix_evidence_records_kind_health"]),
        new("outstanding worker alert acknowledgements (latest plan per health state, latest acknowledgement per provider)",
            (query, _) => Acknowledgements.OutstandingAsync(query, Alerts.AlertPlan.Kind, Alerts.Acknowledgement, CancellationToken.None),
            ["ix_evidence_records_kind_health"]),
        new("plan retry approvals (latest retry plan, latest approval and retry acknowledgement per key, used approvals)",
            (query, store) => new RetryApprovals(query, store, TimeProvider.System).PlanAsync(true, "tester", CancellationToken.None),
            ["ix_evidence_records_kind_sequence", "ix_evidence_records_kind_delivery"], ["ix_evidence_records_session_id"]),
        new("approval gate of a live retry (latest approval decision of the key)",
            (query, _) => RetryApprovals.ApprovedAsync(query, "splunk", Delivery, Audit, CancellationToken.None),
            ["ix_evidence_records_kind_delivery"]),
        new("a referenced id (RequireAsync)",
            (query, _) => query.RequireAsync(RetryPlan, DeliveryStreams.Audit.RetryPlan.Kind, "retry plan", CancellationToken.None),
            ["ix_evidence_records_session_id"]),
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Hot_path_lookups_seek_on_their_composite_index(bool analyzed)
    {
        await using var db = await SeedAsync();
        if (analyzed)
        {
            // Statistics change the planner's choices; the plans must hold with and without them.
            Sql(db.DatabasePath, "ANALYZE");
        }

        var problems = await PlanProblemsAsync(db);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Without_the_composite_index_the_acknowledgement_lookup_walks_the_schedule_and_the_check_fails()
    {
        // The check itself must catch a regression: without its composite, SQLite walks the plain schedule_id index.
        await using var db = await SeedAsync();
        Sql(db.DatabasePath, "DROP INDEX ix_evidence_records_kind_schedule; DROP INDEX ix_evidence_records_schedule_kind; " +
            "CREATE INDEX ix_evidence_records_schedule_id ON evidence_records (schedule_id) WHERE schedule_id IS NOT NULL");
        var problems = await PlanProblemsAsync(db);
        Assert.Contains(problems, p => p.Contains("acknowledge a drill notification", StringComparison.Ordinal) &&
            p.Contains("ix_evidence_records_schedule_kind is not used", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("USING INDEX ix_evidence_records_schedule_id", StringComparison.Ordinal) ||
            p.Contains("USING COVERING INDEX ix_evidence_records_kind_sequence", StringComparison.Ordinal) ||
            p.Contains("SCAN", StringComparison.Ordinal));
    }

    /// <summary>Runs every hot path with its SQL captured, and lists what its query plans do wrong.</summary>
    private static async Task<List<string>> PlanProblemsAsync(TempEvidenceStore db)
    {
        var problems = new List<string>();
        foreach (var path in HotPaths)
        {
            var captured = new CapturedCommands();
            var contexts = new CapturingContexts(db.DatabasePath, captured);
            await path.Run(new EvidenceQuery(contexts), db.Store);
            Assert.NotEmpty(captured.Commands);
            var used = new HashSet<string>(StringComparer.Ordinal);
            var allowed = path.Required.Concat(path.Allowed ?? []).Append(ProviderIndex).ToHashSet(StringComparer.Ordinal);
            foreach (var command in captured.Commands)
            {
                foreach (var step in Explain(db.DatabasePath, command))
                {
                    var search = SearchStep().Match(step);
                    if (step.StartsWith("SCAN ", StringComparison.Ordinal) && step != "SCAN CONSTANT ROW")
                    {
                        problems.Add($"{path.Name}: {step}\n  in {command.Sql}");
                    }
                    else if (search.Success && search.Groups["index"].Value is { Length: > 0 } index)
                    {
                        used.Add(index);
                        if (!allowed.Contains(index))
                        {
                            problems.Add($"{path.Name}: {step}\n  in {command.Sql}");
                        }
                    }
                }
            }

            problems.AddRange(path.Required.Where(i => !used.Contains(i)).Select(i => $"{path.Name}: {i} is not used"));
        }

        return problems;
    }

    private const string ProviderIndex = "sqlite_autoindex_evidence_record_providers_1";

    // "SEARCH e USING INDEX x (…)", "SEARCH e USING COVERING INDEX x (…)"; a rowid lookup names no index and is a seek.
    [GeneratedRegex("^SEARCH \\S+ USING (?:COVERING )?INDEX (?<index>\\S+)")]
    private static partial Regex SearchStep();

    /// <summary>A store where one schedule, one health state and one delivery each hold many records.</summary>
    private static async Task<TempEvidenceStore> SeedAsync()
    {
        var db = await TempEvidenceStore.CreateAsync();
        var drafts = new List<EvidenceDraft>();
        for (var i = 0; i < 40; i++)
        {
            drafts.Add(Plan($"{NotificationPlan}-{i}", NotificationPlanner.Kind, "schedule_id", $"sched-{i}"));
            drafts.Add(Plan($"{AlertPlan}-{i}", Alerts.AlertPlan.Kind, "health_id", $"health-{i}"));
        }

        drafts.Add(Plan(NotificationPlan, NotificationPlanner.Kind, "schedule_id", Schedule));
        drafts.Add(Plan(AlertPlan, Alerts.AlertPlan.Kind, "health_id", Health));
        drafts.Add(Drafts.Make(RetryPlan, DeliveryStreams.Audit.RetryPlan.Kind, new JsonObject
        {
            ["retry_plan_id"] = RetryPlan,
            [DeliveryStreams.Audit.RetryPlan.PayloadKey] = new JsonObject
            {
                ["retry_decisions"] = new JsonArray(new JsonObject
                {
                    ["action"] = "retry", ["provider"] = "splunk", ["delivery_id"] = Delivery, ["audit_id"] = Audit,
                    ["retry_count"] = 1, ["next_retry_at"] = "2026-11-23T09:00:00.000000+00:00", ["failed_status_codes"] = new JsonArray(503),
                }),
            },
        }));
        var providers = new[] { "slack", "teams", "webhook" };
        for (var i = 0; i < 3000; i++)
        {
            var at = Drafts.T0.AddSeconds(i);
            var provider = providers[i % providers.Length];
            drafts.Add(Acknowledgements.Build(Acknowledgements.Notification, Schedule,
                new AcknowledgementInput(provider, "tester", "escalated", null, null, NotificationPlan), at).Draft);
            if (i % 3 == 0)
            {
                drafts.Add(Acknowledgements.Build(Alerts.Acknowledgement, Health,
                    new AcknowledgementInput(provider, "tester", null, null, null, AlertPlan), at).Draft);
                drafts.Add(Acknowledgements.Build(RetryApprovals.RetryAcknowledgement, RetryPlan,
                    new AcknowledgementInput("splunk", "tester", "deferred", null, null, null,
                        new JsonObject { ["delivery_id"] = Delivery, ["audit_id"] = Audit }), at).Draft);
                drafts.Add(Drafts.Make($"decision-{i}", RetryApprovals.Decision.Kind, new JsonObject
                {
                    ["delivery_id"] = Delivery, ["audit_id"] = Audit, ["provider"] = "splunk", ["state"] = "denied",
                }, i));
            }

            if (i % 2 == 0)
            {
                drafts.Add(Drafts.Delivery($"unrelated-{i}", "src", i % 4 == 0, "webhook"));
            }
        }

        await db.Store.AppendAllAsync(drafts);
        return db;
    }

    private static EvidenceDraft Plan(string planId, string kind, string subjectField, string subject) =>
        Drafts.Make(planId, kind, new JsonObject
        {
            [subjectField] = subject,
            ["plan_id"] = planId,
            ["acknowledgement_required_providers"] = new JsonArray("slack", "teams"),
        });

    private static List<string> Explain(string path, CapturedCommand command)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + command.Sql;
        foreach (var (name, value) in command.Parameters)
        {
            explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        using var reader = explain.ExecuteReader();
        var steps = new List<string>();
        while (reader.Read())
        {
            steps.Add(reader.GetString(3));
        }

        return steps;
    }

    private static void Sql(string path, string sql)
    {
        SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private sealed record CapturedCommand(string Sql, List<(string Name, object? Value)> Parameters);

    /// <summary>Records every query EF sends, with its parameter values.</summary>
    private sealed class CapturedCommands : DbCommandInterceptor
    {
        public List<CapturedCommand> Commands { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Commands.Add(new CapturedCommand(
                command.CommandText, [.. command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value))]));
            return ValueTask.FromResult(result);
        }
    }

    /// <summary>Contexts over the test's file whose queries are captured.</summary>
    private sealed class CapturingContexts(string path, CapturedCommands captured) : IDbContextFactory<EvidenceDbContext>
    {
        private readonly DbContextOptions<EvidenceDbContext> _options = new DbContextOptionsBuilder<EvidenceDbContext>()
            .UseSqlite($"Data Source={path}")
            .AddInterceptors(captured)
            .Options;

        public EvidenceDbContext CreateDbContext() => new(_options);
    }
}
