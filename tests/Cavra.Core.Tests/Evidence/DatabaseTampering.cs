using Microsoft.Data.Sqlite;

namespace Cavra.Tests.Tampering;

/// <summary>
/// Changes an evidence database file directly, as someone with access to the disk could: drops the append-only
/// triggers first, then runs the SQL. Shared by the Core and API test projects.
/// </summary>
public static class DatabaseTampering
{
    public static void Run(string databasePath, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            "DROP TRIGGER IF EXISTS evidence_records_no_update; DROP TRIGGER IF EXISTS evidence_records_no_delete; " +
            "DROP TRIGGER IF EXISTS evidence_record_providers_no_update; DROP TRIGGER IF EXISTS evidence_record_providers_no_delete; " + sql;
        command.ExecuteNonQuery();
    }
}
