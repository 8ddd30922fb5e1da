using System.Text.Json.Nodes;
using Cavra.Core.Evidence;

namespace Cavra.Core.Tests.Evidence;

public class EvidenceQueryTests
{
    private const string Audit = "go_backend_rollback_drill_acknowledgement_audit";
    private const string Notification = "go_backend_rollback_drill_notification";

    private static async Task<TempEvidenceStore> SeededAsync()
    {
        var db = await TempEvidenceStore.CreateAsync();
        await db.Store.AppendAllAsync(
        [
            Drafts.Delivery("d1", Audit, false, "splunk"),
            Drafts.Delivery("d2", Audit, true, "splunk", "webhook"),
            Drafts.Delivery("d3", Notification, false, "slack", "webhook"),
            Drafts.Make("ack-1", "ack-kind", new JsonObject { ["provider"] = "slack", ["acknowledgement_state"] = "acknowledged", ["schedule_id"] = "s1" }),
            Drafts.Make("ack-2", "ack-kind", new JsonObject { ["provider"] = "slack", ["acknowledgement_state"] = "escalated", ["schedule_id"] = "s1" }),
            Drafts.Make("ack-3", "ack-kind", new JsonObject { ["provider"] = "webhook", ["acknowledgement_state"] = "resolved", ["schedule_id"] = "s2" }),
        ]);
        return db;
    }

    [Fact]
    public async Task Filters_by_source_success_and_provider_named_anywhere()
    {
        await using var db = await SeededAsync();
        Assert.Equal(2, await db.Query.CountAsync(new RecordFilter { DeliverySources = [Audit] }));
        Assert.Equal(1, await db.Query.CountAsync(new RecordFilter { DeliverySources = [Audit], DeliverySuccess = false }));
        Assert.Equal(2, await db.Query.CountAsync(new RecordFilter { DeliverySuccess = false }));
        // webhook is named by d2 and d3 (providers lists) and ack-3 (provider field).
        Assert.Equal(3, await db.Query.CountAsync(new RecordFilter { Provider = "webhook" }));
        Assert.Equal(1, await db.Query.CountAsync(new RecordFilter { Provider = "webhook", Kinds = ["ack-kind"] }));
        Assert.Equal(2, await db.Query.CountAsync(new RecordFilter { ScheduleId = "s1" }));
        Assert.Equal(1, await db.Query.CountAsync(new RecordFilter { State = "escalated" }));
    }

    [Fact]
    public async Task Counts_by_kind_and_sums_envelope_counts()
    {
        await using var db = await SeededAsync();
        var byKind = await db.Query.CountByKindAsync(new RecordFilter());
        Assert.Equal(3, byKind["release-connector-delivery"]);
        Assert.Equal(3, byKind["ack-kind"]);
        Assert.Equal(2, await db.Query.SumAsync(RecordFilter.OfKind("release-connector-delivery"), RecordCount.BlockedCount));
        Assert.Equal(3, await db.Query.SumAsync(RecordFilter.OfKind("ack-kind"), RecordCount.DecisionCount));
    }

    [Fact]
    public async Task Pages_newest_first_with_exact_total()
    {
        await using var db = await SeededAsync();
        var page = await db.Query.PageAsync(new RecordFilter(), limit: 2, offset: 1);
        Assert.Equal(6, page.Total);
        Assert.Equal(["ack-2", "ack-1"], page.Items.Select(i => i.SessionId));
        var beyond = await db.Query.PageAsync(new RecordFilter(), limit: 5, offset: 10);
        Assert.Equal(6, beyond.Total);
        Assert.Empty(beyond.Items);
    }

    [Fact]
    public async Task Latest_per_key_returns_the_newest_record_of_each_value()
    {
        await using var db = await SeededAsync();
        var latest = await db.Query.LatestPerKeyAsync(RecordFilter.OfKind("ack-kind"), RecordKey.Provider);
        Assert.Equal(["ack-3", "ack-2"], latest.Select(l => l.SessionId));
        var newest = await db.Query.LatestAsync(new RecordFilter { Provider = "slack" });
        Assert.Equal("ack-2", newest?.SessionId);
        Assert.Null(await db.Query.LatestAsync(new RecordFilter { Provider = "jira" }));
    }

    [Fact]
    public async Task Scope_counts_and_pages_kinds_and_delivery_sources_together()
    {
        await using var db = await SeededAsync();
        var scope = new RecordScope(["ack-kind"], [Audit]);
        Assert.Equal(5, await db.Query.CountAsync(new RecordFilter { Scope = scope }));
        var page = await db.Query.PageAsync(new RecordFilter { Scope = scope }, limit: 3, offset: 1);
        Assert.Equal(5, page.Total);
        Assert.Equal(["ack-2", "ack-1", "d2"], page.Items.Select(i => i.SessionId));
        Assert.Equal(1, await db.Query.CountAsync(new RecordFilter { Scope = scope, DeliverySuccess = false }));
        Assert.Equal(2, await db.Query.CountAsync(new RecordFilter { Scope = scope, Provider = "webhook" }));
        Assert.Equal(0, await db.Query.CountAsync(new RecordFilter { Scope = scope, DeliverySources = [Notification] }));
        Assert.Equal(2, await db.Query.CountAsync(new RecordFilter { Scope = scope, Kinds = ["release-connector-delivery"] }));
        Assert.Equal(3, await db.Query.CountAsync(new RecordFilter { Scope = scope, Kinds = ["ack-kind"] }));
    }

    [Fact]
    public async Task Streams_a_filtered_set_oldest_first()
    {
        await using var db = await SeededAsync();
        var ids = new List<string>();
        await foreach (var record in db.Query.StreamAsync(new RecordFilter { DeliverySuccess = false }))
        {
            ids.Add(record.SessionId);
        }

        Assert.Equal(["d1", "d3"], ids);
    }
}
