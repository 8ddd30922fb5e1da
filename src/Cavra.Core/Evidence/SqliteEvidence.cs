using System.Buffers.Text;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Cavra.Core.Evidence;

/// <summary>
/// Everything SQLite-specific about the evidence store, in one place: connection settings, and a zero-copy scan
/// of the chain that reads stored bytes straight from SQLite so verification keeps up with large chains.
/// </summary>
internal static class SqliteEvidence
{
    private static readonly byte[] Domain = Encoding.UTF8.GetBytes("cavra.evidence.chain.v1\n");

    /// <summary>
    /// Per-connection settings: wait for another writer's lock instead of failing, and WAL-friendly sync. Pooled
    /// connections keep their native handle, so the pragmas run once per handle, not on every open.
    /// </summary>
    internal sealed class Pragmas(int busyTimeoutMilliseconds) : DbConnectionInterceptor
    {
        private readonly ConditionalWeakTable<sqlite3, object> _configured = [];

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(
            DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private void Apply(DbConnection connection)
        {
            if (connection is not SqliteConnection { Handle: { } handle } || _configured.TryGetValue(handle, out _))
            {
                return;
            }

            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA busy_timeout={busyTimeoutMilliseconds}; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
            command.ExecuteNonQuery();
            _configured.AddOrUpdate(handle, handle);
        }
    }

    /// <summary>
    /// Verifies the rows with <paramref name="after"/> &lt; sequence ≤ <paramref name="last"/> without allocating per
    /// row: stored hashes are compared as bytes, the JSON is hashed where SQLite keeps it.
    /// </summary>
    internal static ChainVerifier.Segment Scan(SqliteConnection connection, long after, long last, string? previousHash)
    {
        const string Sql = "SELECT sequence, previous_hash, content_hash, record_hash, record_json FROM evidence_records " +
            "WHERE sequence > ?1 AND sequence <= ?2 ORDER BY sequence";

        // Memory-mapped reads for the length of the scan only: the mapping is released before the pooled
        // connection is reused, so it never lingers in the process.
        Check(raw.sqlite3_exec(connection.Handle, "PRAGMA mmap_size=17179869184"), connection);
        try
        {
            return ScanRows(connection, Sql, after, last, previousHash);
        }
        finally
        {
            raw.sqlite3_exec(connection.Handle, "PRAGMA mmap_size=0");
        }
    }

    private static ChainVerifier.Segment ScanRows(SqliteConnection connection, string sql, long after, long last, string? previousHash)
    {
        Check(raw.sqlite3_prepare_v2(connection.Handle, sql, out var statement), connection);
        using (statement)
        {
            raw.sqlite3_bind_int64(statement, 1, after);
            raw.sqlite3_bind_int64(statement, 2, last);
            Span<byte> digest = stackalloc byte[32];
            Span<byte> hex = stackalloc byte[64];
            Span<byte> material = stackalloc byte[Domain.Length + 20 + 1 + 64 + 1 + 64];
            var lastHash = new byte[64];
            var hasPrevious = previousHash is not null;
            if (hasPrevious)
            {
                Encoding.ASCII.GetBytes(previousHash!, lastHash);
            }

            // One reusable hash object per scan: SHA-256's per-call setup costs as much as hashing a record.
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long count = 0;
            var expected = after + 1;
            int step;
            while ((step = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                var sequence = raw.sqlite3_column_int64(statement, 0);
                var previous = raw.sqlite3_column_blob(statement, 1);
                var content = raw.sqlite3_column_blob(statement, 2);
                var record = raw.sqlite3_column_blob(statement, 3);
                string? problem = null;
                if (sequence != expected)
                {
                    problem = ChainVerifier.Missing(expected, sequence);
                }
                else if (hasPrevious && !previous.SequenceEqual(lastHash))
                {
                    problem = ChainVerifier.BrokenLink;
                }
                else
                {
                    hash.AppendData(raw.sqlite3_column_blob(statement, 4));
                    hash.GetHashAndReset(digest);
                    if (!Hex(digest, hex).SequenceEqual(content))
                    {
                        problem = ChainVerifier.EditedContent;
                    }
                    else
                    {
                        var length = Material(material, sequence, previous, content);
                        hash.AppendData(material[..length]);
                        hash.GetHashAndReset(digest);
                        if (!Hex(digest, hex).SequenceEqual(record))
                        {
                            problem = ChainVerifier.ForgedLink;
                        }
                    }
                }

                if (problem is not null)
                {
                    return new ChainVerifier.Segment(count, expected - 1, hasPrevious ? Encoding.ASCII.GetString(lastHash) : "", sequence, problem);
                }

                record.CopyTo(lastHash);
                hasPrevious = true;
                count++;
                expected = sequence + 1;
            }

            if (step != raw.SQLITE_DONE)
            {
                Check(step, connection);
            }

            return new ChainVerifier.Segment(count, expected - 1, hasPrevious ? Encoding.ASCII.GetString(lastHash) : "", null, null);
        }
    }

    // Same bytes as EvidenceChain.RecordHash hashes: domain, sequence, previous hash, content hash.
    private static int Material(Span<byte> material, long sequence, ReadOnlySpan<byte> previous, ReadOnlySpan<byte> content)
    {
        Domain.CopyTo(material);
        var written = Domain.Length;
        Utf8Formatter.TryFormat(sequence, material[written..], out var digits);
        written += digits;
        material[written++] = (byte)'\n';
        previous.CopyTo(material[written..]);
        written += previous.Length;
        material[written++] = (byte)'\n';
        content.CopyTo(material[written..]);
        return written + content.Length;
    }

    private static Span<byte> Hex(ReadOnlySpan<byte> digest, Span<byte> hex)
    {
        const string Digits = "0123456789abcdef";
        for (var i = 0; i < digest.Length; i++)
        {
            hex[2 * i] = (byte)Digits[digest[i] >> 4];
            hex[(2 * i) + 1] = (byte)Digits[digest[i] & 0xF];
        }

        return hex;
    }

    private static void Check(int result, SqliteConnection connection)
    {
        if (result != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(connection.Handle).utf8_to_string(), result);
        }
    }
}
