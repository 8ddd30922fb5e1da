using System.Text.Json.Nodes;
using Cavra.Core.Evidence;

namespace Cavra.Core.Tests.Evidence;

public class EvidenceStoreTests
{
    [Fact]
    public async Task Append_wraps_the_body_in_the_envelope_and_chains_it()
    {
        await using var db = await TempEvidenceStore.CreateAsync();
        var first = await db.Store.AppendAsync(Drafts.Make("gordn-0000000000000001"));
        var second = await db.Store.AppendAsync(Drafts.Make("gordn-0000000000000002", minutes: 1));

        Assert.True(first.Created);
        Assert.Equal(1, first.Sequence);
        Assert.Equal(2, second.Sequence);
        var record = second.Record;
        Assert.Equal("cavra.evidence.metadata.v1", (string?)record["schema_version"]);
        Assert.Equal("CAVRA", (string?)record["product"]);
        Assert.Equal("gordn-0000000000000002", (string?)record["session_id"]);
        Assert.Equal("2026-11-23T08:01:00.000000+00:00", (string?)record["created_at"]);
        Assert.Equal("tester", (string?)record["signer"]);
        Assert.Equal(1, (int?)record["decision_count"]);
        Assert.Equal("test-kind", (string?)record["metadata_kind"]);

        var verification = await db.Verifier.VerifyAsync();
        Assert.True(verification.Verified, verification.Reason);
        Assert.Equal(2, verification.RecordCount);
        Assert.Equal(second.RecordHash, verification.HeadHash);
    }

    [Fact]
    public async Task Chain_verifies_with_non_ascii_values_and_null_columns()
    {
        await using var db = await TempEvidenceStore.CreateAsync();
        await db.Store.AppendAsync(new EvidenceDraft(
            "gordack-unicode", "ack-kind", Drafts.T0, "Zoë 🚀 release-manager", 1, 0, 0,
            new JsonObject { ["provider"] = "webhook", ["acknowledgement_state"] = "resolvé", ["notes"] = "日本語 ✓", ["delivery_success"] = false }));
        await db.Store.AppendAsync(Drafts.Make("plain"));
        var verification = await db.Verifier.VerifyAsync();
        Assert.True(verification.Verified, verification.Reason);
    }

    [Fact]
    public async Task Appending_an_existing_session_id_returns_the_stored_record_and_writes_nothing()
    {
        await using var db = await TempEvidenceStore.CreateAsync();
        var original = await db.Store.AppendAsync(Drafts.Make("gordack-1", body: new JsonObject { ["notes"] = "first" }));
        var again = await db.Store.AppendAsync(Drafts.Make("gordack-1", body: new JsonObject { ["notes"] = "second" }));

        Assert.False(again.Created);
        Assert.Equal(original.Sequence, again.Sequence);
        Assert.Equal("first", (string?)again.Record["notes"]);
        Assert.Equal(1, await db.Query.CountAsync(new RecordFilter()));
    }

    [Fact]
    public async Task A_batch_is_all_or_none()
    {
        await using var db = await TempEvidenceStore.CreateAsync();
        await db.Store.AppendAsync(Drafts.Make("a-1"));
        var bad = Drafts.Make("a-3", body: new JsonObject { ["session_id"] = "forged" });

        await Assert.ThrowsAsync<ArgumentException>(() => db.Store.AppendAllAsync([Drafts.Make("a-2"), bad]));
        Assert.Equal(1, await db.Query.CountAsync(new RecordFilter()));

        var stored = await db.Store.AppendAllAsync([Drafts.Make("a-2"), Drafts.Make("a-1"), Drafts.Make("a-2"), Drafts.Make("a-4")]);
        Assert.Equal([true, false, false, true], stored.Select(s => s.Created));
        Assert.Equal([2L, 1L, 2L, 3L], stored.Select(s => s.Sequence));
        Assert.True((await db.Verifier.VerifyAsync()).Verified);
    }

    [Fact]
    public async Task A_large_batch_with_a_secret_in_its_last_record_stores_nothing()
    {
        await using var db = await TempEvidenceStore.CreateAsync();
        var drafts = Enumerable.Range(0, 900).Select(i => Drafts.Make($"big-{i}")).ToList();
        drafts.Add(Drafts.Make("big-secret", body: new JsonObject { ["notes"] = "token ghp_" + "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789" }));

        var error = await Assert.ThrowsAsync<Cavra.Core.PublicSafe.SecretDetectedException>(() => db.Store.AppendAllAsync(drafts));
        Assert.Equal("notes", error.Finding.Path);
        Assert.Equal(0, await db.Query.CountAsync(new RecordFilter()));

        drafts.RemoveAt(drafts.Count - 1);
        drafts.Add(Drafts.Make("big-10"));
        var stored = await db.Store.AppendAllAsync(drafts);
        Assert.Equal(900, stored.Count(s => s.Created));
        Assert.False(stored[^1].Created);
        Assert.Equal(stored[10].Sequence, stored[^1].Sequence);
        Assert.True((await db.Verifier.VerifyAsync()).Verified);
    }

    [Fact]
    public async Task Database_refuses_updates_and_deletes()
    {
        await using var db = await TempEvidenceStore.CreateAsync();
        await db.Store.AppendAsync(Drafts.Make("x-1"));
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db.DatabasePath};Pooling=False");
        connection.Open();
        foreach (var sql in new[] { "UPDATE evidence_records SET content_hash = 'x'", "DELETE FROM evidence_records" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            var error = Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => command.ExecuteNonQuery());
            Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Two_stores_on_one_file_interleave_without_breaking_the_chain()
    {
        // Two service instances share the file: each has its own in-process gate, so only SQLite's immediate write
        // transactions and busy timeout keep their appends from reading the same chain head.
        var path = Path.Combine(Path.GetTempPath(), $"cavra-shared-{Guid.NewGuid():N}.db");
        await using var first = await TempEvidenceStore.CreateAsync(path, keepFile: true);
        await using var second = await TempEvidenceStore.CreateAsync(path);
        await Task.WhenAll(
            Task.Run(async () =>
            {
                for (var i = 0; i < 150; i++)
                {
                    await first.Store.AppendAsync(Drafts.Make($"first-{i}"));
                }
            }),
            Task.Run(async () =>
            {
                for (var i = 0; i < 150; i++)
                {
                    await second.Store.AppendAsync(Drafts.Make($"second-{i}"));
                }
            }));

        var verification = await second.Verifier.VerifyAsync();
        Assert.True(verification.Verified, verification.Reason);
        Assert.Equal(300, verification.RecordCount);
        Assert.Equal(300, verification.HeadSequence);
    }

    [Fact]
    public async Task Reopening_an_existing_database_keeps_every_record()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cavra-reopen-{Guid.NewGuid():N}.db");
        string head;
        await using (var db = await TempEvidenceStore.CreateAsync(path, keepFile: true))
        {
            await db.Store.AppendAllAsync([.. Enumerable.Range(1, 25).Select(i => Drafts.Make($"r-{i}"))]);
            head = (await db.Verifier.VerifyAsync()).HeadHash;
        }

        await using var reopened = await TempEvidenceStore.CreateAsync(path);
        var verification = await reopened.Verifier.VerifyAsync();
        Assert.True(verification.Verified);
        Assert.Equal(25, verification.RecordCount);
        Assert.Equal(head, verification.HeadHash);
    }
}
