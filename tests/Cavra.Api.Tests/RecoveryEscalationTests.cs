using System.Net;
using System.Text.Json.Nodes;
using Cavra.Api.Tests.Infrastructure;
using Cavra.Core.Connectors;
using Cavra.Core.Recovery;
using Cavra.Core.Retries;
using Cavra.Tests.Receivers;
using Microsoft.Extensions.DependencyInjection;
using static Cavra.Api.Tests.Infrastructure.FailedAuditDelivery;

namespace Cavra.Api.Tests;

/// <summary>
/// Recovery escalations (reference I1–I3): the plan routes breached and open recoveries and failed retry executions,
/// delivery goes to the configured escalation channel (never the failing connector), acknowledgements gate the
/// escalation retry, and every refused request stores nothing.
/// </summary>
public class RecoveryEscalationTests
{
    private const string Plan = $"{A}/recovery-escalation-plan";
    private const string Escalations = $"{A}/recovery-escalations";
    private const string SlackToken = "xoxb-123456789012-123456789012-abcdefghijklmnopqrstuvwx";

    /// <summary>A failed audit delivery to splunk, with teams as the configured escalation channel.</summary>
    private sealed class Escalation : IAsyncDisposable
    {
        private Escalation(FailedAuditDelivery flow, LoopbackReceiver teams)
        {
            Flow = flow;
            Teams = teams;
        }

        public FailedAuditDelivery Flow { get; }

        public LoopbackReceiver Teams { get; }

        public static async Task<Escalation> StartAsync(bool channelConfigured = true)
        {
            var teams = await LoopbackReceiver.StartAsync();
            var settings = new Dictionary<string, string?> { ["Cavra:Connectors:teams:url"] = teams.Url("/escalations") };
            if (channelConfigured)
            {
                settings[EscalationChannels.Section] = "Teams";
            }

            return new Escalation(await FailedAuditDelivery.StartAsync(settings), teams);
        }

        public async ValueTask DisposeAsync()
        {
            await Flow.DisposeAsync();
            await Teams.DisposeAsync();
        }
    }

    /// <summary>One failed, approved live retry to splunk, and a recovery playbook for splunk; returns the playbook id.</summary>
    private static async Task<string> FailedRetryAndPlaybookAsync(FailedAuditDelivery flow)
    {
        var retryPlanId = (string)(await flow.PostOkAsync($"{A}/retry-plan", $$"""{"retry_policy":{{Immediate}}}"""))["plan"]!["retry_plan_id"]!;
        await flow.PostOkAsync($"{A}/retry-plans/{retryPlanId}/acknowledgements", """{"provider":"splunk","acknowledged_by":"soc-analyst"}""");
        await flow.ApproveRetryAsync();
        var run = await flow.PostOkAsync($"{A}/worker-run", ExecuteRetry);
        Assert.Equal("failed", (string?)run["retry_results"]![0]!["execution_record"]!["execution_status"]);
        return (string)(await flow.PostOkAsync($"{A}/connector-recovery-playbook", """{"min_failure_count":1}"""))["playbook"]!["playbook_id"]!;
    }

    [Fact]
    public async Task The_plan_routes_breached_and_open_recoveries_and_failed_executions_to_the_escalation_channels()
    {
        await using var escalation = await Escalation.StartAsync();
        var flow = escalation.Flow;
        var breachedPlaybook = await FailedRetryAndPlaybookAsync(flow);
        flow.Clock.Advance(TimeSpan.FromMinutes(241));
        var openPlaybook = (string)(await flow.PostOkAsync($"{A}/connector-recovery-playbook", """{"min_failure_count":1}"""))["playbook"]!["playbook_id"]!;

        var response = await flow.PostOkAsync(Plan, """{"generated_by":"release-manager"}""");
        var plan = response["plan"]!;
        Assert.StartsWith("gordackrecoveryesc-", (string)plan["plan_id"]!, StringComparison.Ordinal);
        Assert.Equal("critical", (string?)plan["alert_level"]);
        Assert.Equal("""["teams"]""", plan["selected_providers"]!.ToJsonString());
        Assert.Equal("""["splunk"]""", plan["escalated_providers"]!.ToJsonString());
        Assert.Equal((3, 2, 1, 1, 2), ((int)plan["escalation_count"]!, (int)plan["critical_escalation_count"]!, (int)plan["slo_breached_count"]!,
            (int)plan["failed_execution_count"]!, (int)plan["open_recovery_count"]!));
        Assert.StartsWith("gordackretryreport-", (string)plan["recovery_report_id"]!, StringComparison.Ordinal);

        var routes = plan["escalation_routes"]!.AsArray();
        var breached = routes.Single(r => (string?)r!["slo_status"] == "breached")!;
        Assert.Equal((breachedPlaybook, "critical", "recovery SLO breached", 241), ((string)breached["playbook_id"]!, (string)breached["severity"]!, (string)breached["reason"]!, (int)breached["age_minutes"]!));
        var open = routes.Single(r => (string?)r!["slo_status"] == "open")!;
        Assert.Equal((openPlaybook, "warning", "connector recovery remains open"), ((string)open["playbook_id"]!, (string)open["severity"]!, (string)open["reason"]!));
        var failed = routes.Single(r => (string?)r!["slo_status"] == "review_required")!;
        Assert.Equal(("retry-execution", "critical", "", 1), ((string)failed["category"]!, (string)failed["severity"]!, (string)failed["playbook_id"]!, (int)failed["failure_count"]!));
        Assert.Null(failed["age_minutes"]);
        // Critical first, the warning last.
        Assert.Equal("warning", (string?)routes[^1]!["severity"]);

        var metadata = response["metadata"]!;
        Assert.Equal($"{K}-recovery-escalation-plan", (string?)metadata["metadata_kind"]);
        Assert.Equal((3, 2, 2), ((int)metadata["decision_count"]!, (int)metadata["blocked_count"]!, (int)metadata["approval_required_count"]!));
        Assert.True(JsonNode.DeepEquals(plan, metadata["recovery_escalation_plan"]));
        // The plan reads the report without storing it.
        Assert.Equal(0, await flow.HistoryTotalAsync($"metadata_kind={K}-retry-recovery-report"));

        // A named channel wins over the configured one.
        var named = (await flow.PostOkAsync(Plan, """{"provider":"webhook"}"""))["plan"]!;
        Assert.Equal("""["webhook"]""", named["selected_providers"]!.ToJsonString());
    }

    [Fact]
    public async Task Delivery_goes_to_the_configured_escalation_channel_with_the_plan_id_as_event_id()
    {
        await using var escalation = await Escalation.StartAsync();
        var flow = escalation.Flow;
        await FailedRetryAndPlaybookAsync(flow);
        var splunkRequests = flow.Splunk.Requests.Count;

        var latest = await flow.PostOkAsync($"{Escalations}/latest/deliver", """{"retries":0,"timeout_seconds":2,"generated_by":"release-manager"}""");
        var planId = (string)latest["plan"]!["plan_id"]!;
        Assert.True((bool)latest["success"]!);
        Assert.Equal(planId, (string?)latest["event_id"]);
        Assert.Equal(planId, (string?)latest["plan_metadata"]!["session_id"]);
        Assert.Equal($"{K}-recovery-escalation-plan", (string?)latest["plan_metadata"]!["metadata_kind"]);
        var record = latest["metadata"]!;
        Assert.Equal(RecoveryRecords.EscalationSource, (string?)record["connector_delivery_source"]);
        Assert.Equal(planId, (string?)record["plan_id"]);
        Assert.Equal(planId, (string?)record["event_id"]);
        Assert.Equal("""["teams"]""", record["selected_providers"]!.ToJsonString());
        Assert.Equal("""["teams"]""", record["providers"]!.ToJsonString());
        Assert.Single(escalation.Teams.Requests);
        Assert.Equal(splunkRequests, flow.Splunk.Requests.Count);
        Assert.Contains(planId, escalation.Teams.Requests.Single().Body, StringComparison.Ordinal);
        // The fresh plan is stored.
        Assert.Equal(planId, (string?)(await flow.GetOkAsync($"{P}/evidence/{planId}"))["record"]!["session_id"]);

        // By id: the stored plan, sent again; nothing new is planned.
        var plans = await flow.HistoryTotalAsync($"metadata_kind={K}-recovery-escalation-plan");
        var again = await flow.PostOkAsync($"{Escalations}/{planId}/deliver", """{"max_routes":1,"retries":0}""");
        Assert.Equal(planId, (string?)again["event_id"]);
        Assert.Equal(planId, (string?)again["metadata"]!["plan_id"]);
        Assert.Equal(plans, await flow.HistoryTotalAsync($"metadata_kind={K}-recovery-escalation-plan"));
        Assert.Equal(2, escalation.Teams.Requests.Count);

        // The event is exactly what the retry target re-delivers.
        var target = flow.Factory.Services.GetRequiredService<RecoveryEscalationRetryTarget>();
        Assert.Same(DeliveryStreams.RecoveryEscalation, target.Stream);
        var expected = RecoveryEscalations.Event(latest["plan"]!.AsObject(), 1, Cavra.Core.Actors.Unspecified);
        Assert.Equal(planId, (string?)expected["event_id"]);
        Assert.Single(expected["routes"]!.AsArray());
    }

    [Fact]
    public async Task Without_an_escalation_channel_delivery_is_a_400_saying_how_to_configure_one_and_stores_nothing()
    {
        await using var escalation = await Escalation.StartAsync(channelConfigured: false);
        var flow = escalation.Flow;
        var plan = (await flow.PostOkAsync(Plan, "{}"))["plan"]!;
        Assert.Empty(plan["selected_providers"]!.AsArray());
        var records = await flow.RecordCountAsync();
        foreach (var id in new[] { "latest", (string)plan["plan_id"]! })
        {
            var (response, problem) = await flow.Client.PostJsonAsync($"{Escalations}/{id}/deliver", "{}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(EscalationChannels.Section, (string)problem["detail"]!, StringComparison.Ordinal);
            Assert.NotNull(problem["errors"]!["provider"]);
        }

        Assert.Equal(records, await flow.RecordCountAsync());
        Assert.Empty(escalation.Teams.Requests);
    }

    [Fact]
    public async Task Unknown_plans_and_providers_are_refused_and_store_nothing()
    {
        await using var escalation = await Escalation.StartAsync();
        var flow = escalation.Flow;
        var planId = (string)(await flow.PostOkAsync(Plan, "{}"))["plan"]!["plan_id"]!;
        var records = await flow.RecordCountAsync();
        (string Url, string Body, HttpStatusCode Status, string? Field)[] cases =
        [
            ($"{Escalations}/gordackrecoveryesc-0000000000000000/deliver", "{}", HttpStatusCode.NotFound, null),
            ($"{Escalations}/gordackrecoveryesc-0000000000000000/acknowledgements", """{"provider":"teams","acknowledged_by":"me"}""", HttpStatusCode.NotFound, null),
            ($"{Escalations}/{planId}/deliver", """{"provider":"jira"}""", HttpStatusCode.BadRequest, "provider"),
            ($"{Escalations}/{planId}/deliver", """{"provider":"pager"}""", HttpStatusCode.BadRequest, "provider"),
            ($"{Escalations}/latest/deliver", """{"provider":"teams,jira"}""", HttpStatusCode.BadRequest, "provider"),
            ($"{Escalations}/{planId}/deliver", """{"max_routes":0}""", HttpStatusCode.BadRequest, "max_routes"),
            ($"{Escalations}/{planId}/deliver", """{"retries":11}""", HttpStatusCode.BadRequest, "retries"),
            (Plan, """{"recovery_slo_minutes":0}""", HttpStatusCode.BadRequest, "recovery_slo_minutes"),
            (Plan, """{"recovery_slo_minutes":"soon"}""", HttpStatusCode.BadRequest, "recovery_slo_minutes"),
            (Plan, """{"provider":"jira"}""", HttpStatusCode.BadRequest, "provider"),
            (Plan, $$"""{"generated_by":"{{SlackToken}}"}""", HttpStatusCode.BadRequest, "generated_by"),
        ];
        foreach (var (url, body, status, field) in cases)
        {
            var (response, problem) = await flow.Client.PostJsonAsync(url, body);
            Assert.True(response.StatusCode == status, $"{url} {body} → {(int)response.StatusCode} {problem.ToJsonString()}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            if (field is not null)
            {
                Assert.True(problem["errors"]?[field] is not null, $"{url} {body}: no error for '{field}' in {problem.ToJsonString()}");
            }
        }

        Assert.Equal(records, await flow.RecordCountAsync());
        Assert.Empty(escalation.Teams.Requests);
    }

    [Fact]
    public async Task Acknowledgements_take_the_six_states_refuse_others_and_secrets_and_gate_the_escalation_retry()
    {
        await using var escalation = await Escalation.StartAsync();
        var flow = escalation.Flow;
        var planId = (string)(await flow.PostOkAsync(Plan, "{}"))["plan"]!["plan_id"]!;
        var url = $"{Escalations}/{planId}/acknowledgements";

        var first = await flow.PostOkAsync(url, """{"provider":" Teams ","acknowledged_by":"release-owner","external_ref":"INC-9","escalation_reason":"recovery SLO breached"}""");
        var acknowledgement = first["acknowledgement"]!;
        Assert.StartsWith("gordackrecoveryescack-", (string)acknowledgement["acknowledgement_id"]!, StringComparison.Ordinal);
        Assert.Equal(("teams", "acknowledged", planId), ((string)acknowledgement["provider"]!, (string)acknowledgement["acknowledgement_state"]!, (string)acknowledgement["plan_id"]!));
        Assert.Equal("recovery SLO breached", (string?)acknowledgement["escalation_reason"]);
        Assert.Equal($"{K}-recovery-escalation-ack", (string?)first["metadata"]!["metadata_kind"]);
        Assert.True(JsonNode.DeepEquals(acknowledgement, first["metadata"]!["recovery_escalation_acknowledgement"]!));

        foreach (var state in RecoveryRecords.EscalationAcknowledgement.States)
        {
            flow.Clock.Advance(TimeSpan.FromSeconds(1));
            var body = await flow.PostOkAsync(url, $$"""{"provider":"teams","acknowledged_by":"release-owner","acknowledgement_state":"{{state.ToUpperInvariant()}}"}""");
            Assert.Equal(state, (string?)body["acknowledgement"]!["acknowledgement_state"]);
        }

        var records = await flow.RecordCountAsync();
        (string Body, string Field)[] refused =
        [
            ("""{"provider":"teams","acknowledged_by":"me","acknowledgement_state":"approved"}""", "acknowledgement_state"),
            ("""{"provider":"pager","acknowledged_by":"me"}""", "provider"),
            ("""{"acknowledged_by":"me"}""", "provider"),
            ("""{"provider":"teams"}""", "acknowledged_by"),
            ("""{"provider":"teams","acknowledged_by":"me","notes":"key AKIAQ7W2E4R6T8Y1U3I5 leaked"}""", "notes"),
            ("""{"provider":"teams","acknowledged_by":"me","notes":"Server=db;User Id=sa;Password=Hunter2Hunter2!"}""", "notes"),
            ($$"""{"provider":"teams","acknowledged_by":"me","escalation_reason":"{{SlackToken}}"}""", "escalation_reason"),
            ($$"""{"provider":"teams","acknowledged_by":"me","external_ref":"{{SlackToken}}"}""", "external_ref"),
        ];
        foreach (var (body, field) in refused)
        {
            var (response, problem) = await flow.Client.PostJsonAsync(url, body);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body} → {(int)response.StatusCode} {problem.ToJsonString()}");
            Assert.True(problem["errors"]?[field] is not null, $"{body}: no error for '{field}' in {problem.ToJsonString()}");
            Assert.DoesNotContain("AKIAQ7W2E4R6T8Y1U3I5", problem.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain("Hunter2Hunter2", problem.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain(SlackToken, problem.ToJsonString(), StringComparison.Ordinal);
        }

        Assert.Equal(records, await flow.RecordCountAsync());

        // The gate reads the latest acknowledgement of (plan_id, provider): dismissed (the last state above) grants nothing.
        var target = flow.Factory.Services.GetRequiredService<RecoveryEscalationRetryTarget>();
        var decision = new JsonObject { ["plan_id"] = planId, ["provider"] = "teams" };
        Assert.Null(await target.GrantAsync(decision, CancellationToken.None));
        flow.Clock.Advance(TimeSpan.FromSeconds(1));
        var accepted = await flow.PostOkAsync(url, """{"provider":"teams","acknowledged_by":"release-owner","acknowledgement_state":"accepted"}""");
        var grant = await target.GrantAsync(decision, CancellationToken.None);
        Assert.NotNull(grant);
        Assert.Equal((string?)accepted["acknowledgement"]!["acknowledgement_id"], grant.DecisionId);
        Assert.Equal($"go-rollback-drill-recovery-escalation-ack://{grant.DecisionId}", grant.EvidenceRef);
        Assert.Null(await target.GrantAsync(new JsonObject { ["plan_id"] = planId, ["provider"] = "webhook" }, CancellationToken.None));
    }

    [Fact]
    public async Task The_retry_target_re_delivers_the_plan_event_to_the_decision_provider_or_says_why_not()
    {
        await using var escalation = await Escalation.StartAsync();
        var flow = escalation.Flow;
        var planId = (string)(await flow.PostOkAsync(Plan, "{}"))["plan"]!["plan_id"]!;
        var target = flow.Factory.Services.GetRequiredService<RecoveryEscalationRetryTarget>();
        var context = new RedeliveryContext("gordackrecoveryescworker-0000000000000000", "gordackrecoveryescretry-0000000000000000",
            new DeliveryOptions(0, 2), "release-manager", flow.Clock.GetUtcNow());

        var sent = await target.RedeliverAsync(new JsonObject { ["plan_id"] = planId, ["provider"] = "teams" }, context, CancellationToken.None);
        Assert.Equal("", sent.Skipped);
        Assert.True(sent.Delivery!.Success);
        Assert.Equal(planId, sent.Delivery.EventId);
        var body = sent.DeliveryDraft!.Body;
        Assert.Equal(RecoveryRecords.EscalationSource, (string?)body["connector_delivery_source"]);
        Assert.Equal((planId, context.RetryPlanId, context.RunId), ((string)body["plan_id"]!, (string)body["retry_plan_id"]!, (string)body["worker_run_id"]!));
        Assert.Equal("""["teams"]""", body["selected_providers"]!.ToJsonString());
        Assert.Equal([$"go-rollback-drill-recovery-escalation://{planId}", $"connector-delivery://{sent.DeliveryDraft.SessionId}"], sent.EvidenceRefs);
        Assert.Single(escalation.Teams.Requests);

        Assert.Equal("recovery_escalation_plan_not_found",
            (await target.RedeliverAsync(new JsonObject { ["plan_id"] = "gordackrecoveryesc-0000000000000000", ["provider"] = "teams" }, context, CancellationToken.None)).Skipped);
        Assert.Equal("connector_not_enabled",
            (await target.RedeliverAsync(new JsonObject { ["plan_id"] = planId, ["provider"] = "jira" }, context, CancellationToken.None)).Skipped);
        Assert.Single(escalation.Teams.Requests);
    }
}
