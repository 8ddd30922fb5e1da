using Cavra.Core.Evidence;

namespace Cavra.Core.Tests.Evidence;

/// <summary>Someone with access to the SQLite file changes it; the chain (or a checkpoint) must tell.</summary>
public class ChainTamperTests
{
    private static async Task<TempEvidenceStore> TenRecordsAsync(string? key = null)
    {
        var db = await TempEvidenceStore.CreateAsync(checkpointKey: key);
        await db.Store.AppendAllAsync([.. Enumerable.Range(1, 10).Select(i => Drafts.Delivery($"d{i}", "src", i % 2 == 0, "webhook"))]);
        Assert.True((await db.Verifier.VerifyAsync()).Verified);
        return db;
    }

    [Fact]
    public async Task Edited_record_json_is_detected()
    {
        await using var db = await TenRecordsAsync();
        db.Tamper("UPDATE evidence_records SET record_json = replace(record_json, '\"delivery_success\":false', '\"delivery_success\":true') WHERE sequence = 3");
        var result = await db.Verifier.VerifyAsync();
        Assert.False(result.Verified);
        Assert.Equal(3, result.FirstInvalidSequence);
        Assert.Contains("content_hash", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Typed_columns_cannot_be_edited_apart_from_the_record()
    {
        await using var db = await TenRecordsAsync();
        var error = Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => db.Tamper("UPDATE evidence_records SET delivery_success = 1 WHERE sequence = 5"));
        Assert.Contains("generated column", error.Message, StringComparison.Ordinal);
        Assert.True((await db.Verifier.VerifyAsync()).Verified);
    }

    [Fact]
    public async Task Edited_json_with_recomputed_content_hash_is_detected()
    {
        await using var db = await TenRecordsAsync();
        var row = (await db.Query.FindAsync("d4"))!;
        var forged = row.Record.ToJsonString().Replace("\"signer\":\"src\"", "\"signer\":\"mallory\"", StringComparison.Ordinal);
        db.Tamper($"UPDATE evidence_records SET record_json = '{forged}', content_hash = '{EvidenceChain.ContentHash(forged)}' WHERE sequence = 4");
        var result = await db.Verifier.VerifyAsync();
        Assert.False(result.Verified);
        Assert.Equal(4, result.FirstInvalidSequence);
    }

    [Fact]
    public async Task Deleted_middle_row_is_detected()
    {
        await using var db = await TenRecordsAsync();
        db.Tamper("DELETE FROM evidence_record_providers WHERE sequence = 6; DELETE FROM evidence_records WHERE sequence = 6");
        var result = await db.Verifier.VerifyAsync();
        Assert.False(result.Verified);
        Assert.Equal(7, result.FirstInvalidSequence);
        Assert.Equal(5, result.HeadSequence);
        Assert.Contains("missing", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Swapped_rows_are_detected()
    {
        await using var db = await TenRecordsAsync();
        db.Tamper(
            "PRAGMA foreign_keys=OFF; UPDATE evidence_records SET sequence = -1 WHERE sequence = 3; " +
            "UPDATE evidence_records SET sequence = 3 WHERE sequence = 4; UPDATE evidence_records SET sequence = 4 WHERE sequence = -1;");
        var result = await db.Verifier.VerifyAsync();
        Assert.False(result.Verified);
        Assert.Equal(3, result.FirstInvalidSequence);
    }

    [Fact]
    public async Task Cut_tail_verifies_alone_but_fails_against_an_earlier_signed_checkpoint()
    {
        await using var db = await TenRecordsAsync(key: "auditor-checkpoint-key-0123456789");
        var checkpoint = await db.Checkpoints.CreateAsync();
        Assert.True(checkpoint.IsSigned);
        Assert.Equal(10, checkpoint.HeadSequence);
        Assert.True((await db.Checkpoints.CompareAsync(checkpoint)).Consistent);

        db.Tamper("DELETE FROM evidence_record_providers WHERE sequence > 8; DELETE FROM evidence_records WHERE sequence > 8");
        Assert.True((await db.Verifier.VerifyAsync()).Verified);
        var comparison = await db.Checkpoints.CompareAsync(checkpoint);
        Assert.False(comparison.Consistent);
        Assert.True(comparison.SignatureValid);
        Assert.Equal(8, comparison.CurrentHeadSequence);
        Assert.Contains("cut off", comparison.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changed_provider_index_row_is_detected_although_the_records_are_intact()
    {
        await using var db = await TenRecordsAsync();
        Assert.Equal(0, await db.Query.CountAsync(new RecordFilter { Provider = "slack" }));
        db.Tamper("UPDATE evidence_record_providers SET provider = 'slack' WHERE sequence = 4");

        // The tampered index now answers a query with a record that never named slack; verify must say so.
        Assert.Equal(1, await db.Query.CountAsync(new RecordFilter { Provider = "slack" }));
        var result = await db.Verifier.VerifyAsync();
        Assert.False(result.Verified);
        Assert.Equal(4, result.FirstInvalidSequence);
        Assert.Equal(3, result.HeadSequence);
        Assert.Equal(3, result.RecordCount);
        Assert.Equal(
            "provider index rows do not match the record (it names provider 'webhook', which has no row in evidence_record_providers; " +
            "evidence_record_providers lists provider 'slack', which the record does not name)",
            result.Reason);
    }

    [Theory]
    [InlineData("INSERT INTO evidence_record_providers (provider, sequence) VALUES ('slack', 6)", 6L, "lists provider 'slack', which the record does not name")]
    [InlineData("DELETE FROM evidence_record_providers WHERE sequence = 7", 7L, "names provider 'webhook', which has no row")]
    [InlineData("INSERT INTO evidence_record_providers (provider, sequence) VALUES ('slack', 99)", 99L, "for sequence 99, which holds no record")]
    [InlineData("INSERT INTO evidence_record_providers (provider, sequence) VALUES ('slack', 0)", 0L, "for sequence 0, which holds no record")]
    public async Task Extra_and_missing_provider_index_rows_are_detected(string sql, long firstInvalid, string reason)
    {
        await using var db = await TenRecordsAsync();
        db.Tamper(sql);
        var result = await db.Verifier.VerifyAsync();
        Assert.False(result.Verified);
        Assert.Equal(firstInvalid, result.FirstInvalidSequence);
        Assert.StartsWith("provider index rows do not match the record (", result.Reason, StringComparison.Ordinal);
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_lowest_disagreeing_record_is_named_whether_its_chain_or_its_provider_index_is_wrong()
    {
        await using var db = await TenRecordsAsync();
        db.Tamper(
            "DELETE FROM evidence_record_providers WHERE sequence = 8; " +
            "UPDATE evidence_records SET record_json = replace(record_json, '\"signer\":\"src\"', '\"signer\":\"x\"') WHERE sequence = 5");
        var edited = await db.Verifier.VerifyAsync();
        Assert.Equal(5, edited.FirstInvalidSequence);
        Assert.Contains("content_hash", edited.Reason, StringComparison.Ordinal);

        db.Tamper("DELETE FROM evidence_record_providers WHERE sequence = 2");
        var indexFirst = await db.Verifier.VerifyAsync();
        Assert.Equal(2, indexFirst.FirstInvalidSequence);
        Assert.Contains("provider index", indexFirst.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("UPDATE evidence_record_providers SET provider = 'slack' WHERE sequence = 4", 4L)]
    [InlineData("UPDATE evidence_record_providers SET provider = 'slack' WHERE sequence = 3", 3L)]
    [InlineData("DELETE FROM evidence_record_providers WHERE sequence = 6", 6L)]
    [InlineData("INSERT INTO evidence_record_providers (provider, sequence) VALUES ('slack', 10)", 10L)]
    [InlineData("INSERT INTO evidence_record_providers (provider, sequence) VALUES ('slack', 11)", 11L)]
    [InlineData("INSERT INTO evidence_record_providers (provider, sequence) VALUES ('slack', -1)", -1L)]
    [InlineData("DELETE FROM evidence_record_providers WHERE sequence = 9; DELETE FROM evidence_records WHERE sequence = 5", 6L)]
    [InlineData("DELETE FROM evidence_record_providers WHERE sequence = 4; DELETE FROM evidence_records WHERE sequence = 8", 4L)]
    [InlineData("UPDATE evidence_records SET record_json = replace(record_json, '\"signer\":\"src\"', '\"signer\":\"x\"') WHERE sequence = 8", 8L)]
    [InlineData("DELETE FROM evidence_records WHERE sequence = 5", 6L)]
    [InlineData("DELETE FROM evidence_records WHERE sequence = 6", 7L)]
    [InlineData("DELETE FROM evidence_records WHERE sequence = 3", 4L)]
    [InlineData("DELETE FROM evidence_records WHERE sequence IN (3, 4)", 5L)]
    [InlineData("PRAGMA foreign_keys=OFF; UPDATE evidence_records SET sequence = -1 WHERE sequence = 5; UPDATE evidence_records SET sequence = 5 WHERE sequence = 6; UPDATE evidence_records SET sequence = 6 WHERE sequence = -1;", 5L)]
    public async Task Segmented_verification_finds_the_same_first_invalid_record(string sql, long? firstInvalid)
    {
        // Ten records in three segments: (0,3], (3,6], (6,10]. Changes at and around the boundaries.
        await using var db = await TenRecordsAsync();
        if (sql.Length > 0)
        {
            db.Tamper(sql);
        }

        var segmented = await db.SegmentedVerifier(3).VerifyAsync();
        var whole = await db.Verifier.VerifyAsync();
        Assert.Equal(firstInvalid is null, segmented.Verified);
        Assert.Equal(firstInvalid, segmented.FirstInvalidSequence);
        Assert.Equal(whole.FirstInvalidSequence ?? firstInvalid, segmented.FirstInvalidSequence);
        Assert.Equal(whole.HeadHash, segmented.HeadHash);
        Assert.Equal(whole.RecordCount, segmented.RecordCount);
    }

    [Fact]
    public async Task Forged_checkpoint_signature_is_refused()
    {
        await using var db = await TenRecordsAsync(key: "auditor-checkpoint-key-0123456789");
        var checkpoint = await db.Checkpoints.CreateAsync();
        var forged = checkpoint with { HeadSequence = 9 };
        var comparison = await db.Checkpoints.CompareAsync(forged);
        Assert.False(comparison.Consistent);
        Assert.False(comparison.SignatureValid);
    }
}
