using System.Net;
using System.Text.Json.Nodes;
using Cavra.Api.Tests.Infrastructure;
using Cavra.Core.Evidence;
using Microsoft.Extensions.DependencyInjection;

namespace Cavra.Api.Tests;

public class EvidenceApiTests
{
    private const string Evidence = "/runtime/go-pilot/rollback-drill-notifications/evidence";
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static async Task SeedAsync(CavraApiFactory factory, int count, int start = 1)
    {
        var store = factory.Services.GetRequiredService<EvidenceStore>();
        for (var i = start; i < start + count; i++)
        {
            await store.AppendAsync(new EvidenceDraft(
                $"gordack-{i:D16}", "go-backend-rollback-drill-notification-ack", T0.AddMinutes(i), "release-manager", 1, 0, 0,
                new JsonObject
                {
                    ["provider"] = "slack",
                    ["acknowledgement_state"] = "acknowledged",
                    ["acknowledgement"] = new JsonObject { ["notes"] = $"ack {i}" },
                }));
        }
    }

    private static async Task<JsonObject> VerifyAsync(HttpClient client)
    {
        var (response, body) = await client.GetJsonAsync($"{Evidence}/verify");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return body;
    }

    [Fact]
    public async Task Verify_reports_an_intact_chain_and_records_are_readable()
    {
        await using var factory = new CavraApiFactory();
        var client = factory.CreateClient();
        var empty = await VerifyAsync(client);
        Assert.True((bool)empty["verified"]!);
        Assert.Equal(0, (long)empty["record_count"]!);

        await SeedAsync(factory, 5);
        var result = await VerifyAsync(client);
        Assert.True((bool)result["verified"]!);
        Assert.Equal(5, (long)result["record_count"]!);
        Assert.Equal(5, (long)result["head_sequence"]!);
        Assert.Null(result["first_invalid_sequence"]);

        var (response, stored) = await client.GetJsonAsync($"{Evidence}/gordack-0000000000000003");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = stored["record"]!;
        Assert.Equal("cavra.evidence.metadata.v1", (string?)record["schema_version"]);
        Assert.Equal("go-backend-rollback-drill-notification-ack", (string?)record["metadata_kind"]);
        Assert.Equal("2026-11-23T09:03:00.000000+00:00", (string?)record["created_at"]);
        Assert.Equal("ack 3", (string?)record["acknowledgement"]!["notes"]);
        Assert.Equal(3, (long)stored["chain"]!["sequence"]!);
        Assert.Matches("^[0-9a-f]{64}$", (string?)stored["chain"]!["record_hash"]);
    }

    [Theory]
    [InlineData("UPDATE evidence_records SET record_json = replace(record_json, 'ack 4', 'ack X') WHERE sequence = 4", 4)]
    [InlineData("UPDATE evidence_records SET record_json = replace(record_json, '\"signer\":\"release-manager\"', '\"signer\":\"mallory\"') WHERE sequence = 2", 2)]
    [InlineData("DELETE FROM evidence_record_providers WHERE sequence = 5; DELETE FROM evidence_records WHERE sequence = 5", 6)]
    [InlineData("PRAGMA foreign_keys=OFF; UPDATE evidence_records SET sequence = -1 WHERE sequence = 6; UPDATE evidence_records SET sequence = 6 WHERE sequence = 7; UPDATE evidence_records SET sequence = 7 WHERE sequence = -1;", 6)]
    public async Task Verify_route_names_the_first_tampered_record(string sql, long firstInvalid)
    {
        await using var factory = new CavraApiFactory();
        var client = factory.CreateClient();
        await SeedAsync(factory, 10);
        factory.Tamper(sql);

        var result = await VerifyAsync(client);
        Assert.False((bool)result["verified"]!);
        Assert.Equal(firstInvalid, (long)result["first_invalid_sequence"]!);
        Assert.False(string.IsNullOrEmpty((string?)result["reason"]));
    }

    [Fact]
    public async Task Signed_checkpoint_reveals_a_cut_tail()
    {
        await using var factory = new CavraApiFactory(new Dictionary<string, string?> { ["Cavra:Evidence:CheckpointKey"] = "checkpoint-key-for-tests-0123456789" });
        var client = factory.CreateClient();
        await SeedAsync(factory, 8);
        var (_, checkpoint) = await client.GetJsonAsync($"{Evidence}/checkpoint");
        Assert.True((bool)checkpoint["signed"]!);
        Assert.Equal("HMAC-SHA256", (string?)checkpoint["signature_algorithm"]);
        Assert.Equal(8, (long)checkpoint["head_sequence"]!);

        var (_, before) = await client.PostJsonAsync($"{Evidence}/checkpoint/verify", checkpoint.ToJsonString());
        Assert.True((bool)before["consistent"]!);
        Assert.True((bool)before["signature_valid"]!);

        factory.Tamper("DELETE FROM evidence_record_providers WHERE sequence > 6; DELETE FROM evidence_records WHERE sequence > 6");
        Assert.True((bool)(await VerifyAsync(client))["verified"]!);
        var (response, after) = await client.PostJsonAsync($"{Evidence}/checkpoint/verify", checkpoint.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((bool)after["consistent"]!);
        Assert.Equal(6, (long)after["current_head_sequence"]!);
        Assert.Contains("cut off", (string?)after["reason"], StringComparison.Ordinal);

        checkpoint["head_sequence"] = 5;
        var (_, forged) = await client.PostJsonAsync($"{Evidence}/checkpoint/verify", checkpoint.ToJsonString());
        Assert.False((bool)forged["signature_valid"]!);
        Assert.False((bool)forged["consistent"]!);
    }

    [Fact]
    public async Task Unsigned_checkpoint_without_a_key()
    {
        await using var factory = new CavraApiFactory();
        var (_, checkpoint) = await factory.CreateClient().GetJsonAsync($"{Evidence}/checkpoint");
        Assert.False((bool)checkpoint["signed"]!);
        Assert.Null(checkpoint["signature"]);
        Assert.Equal(EvidenceChain.GenesisHash, (string?)checkpoint["head_hash"]);
    }

    [Fact]
    public async Task Restarting_on_an_existing_database_keeps_every_record()
    {
        string path;
        string headHash;
        await using (var first = new CavraApiFactory(keepDatabase: true))
        {
            path = first.DatabasePath;
            await SeedAsync(first, 12);
            headHash = (string)(await VerifyAsync(first.CreateClient()))["head_hash"]!;
        }

        await using var second = new CavraApiFactory(databasePath: path);
        var client = second.CreateClient();
        var result = await VerifyAsync(client);
        Assert.True((bool)result["verified"]!);
        Assert.Equal(12, (long)result["record_count"]!);
        Assert.Equal(headHash, (string?)result["head_hash"]);

        await SeedAsync(second, 1, start: 13);
        Assert.Equal(13, (long)(await VerifyAsync(client))["record_count"]!);
    }
}
