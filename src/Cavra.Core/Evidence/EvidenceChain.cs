using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Cavra.Core.Evidence;

/// <summary>
/// The hash chain. The content hash covers the canonical record JSON; the record hash binds the sequence, the
/// previous record's hash, the content hash and every typed column, so editing any of them breaks the chain.
/// </summary>
public static class EvidenceChain
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string ContentHash(string recordJson) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recordJson)));

    public static string RecordHash(EvidenceRecord row)
    {
        var material = new StringBuilder(512)
            .Append("cavra.evidence.chain.v1").Append('\n')
            .Append(row.Sequence.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(row.PreviousHash).Append('\n')
            .Append(row.ContentHash).Append('\n');
        foreach (var column in Columns(row))
        {
            // Length-prefixed, so no value can imitate a separator.
            material.Append(column?.Length.ToString(CultureInfo.InvariantCulture) ?? "-").Append(':').Append(column).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material.ToString())));
    }

    private static IEnumerable<string?> Columns(EvidenceRecord row)
    {
        yield return row.SessionId;
        yield return row.MetadataKind;
        yield return row.CreatedAt;
        yield return row.Signer;
        yield return row.DecisionCount.ToString(CultureInfo.InvariantCulture);
        yield return row.BlockedCount.ToString(CultureInfo.InvariantCulture);
        yield return row.ApprovalRequiredCount.ToString(CultureInfo.InvariantCulture);
        yield return row.Provider;
        yield return row.State;
        yield return row.AlertLevel;
        yield return row.DeliverySource;
        yield return row.DeliverySuccess switch { null => null, true => "true", false => "false" };
        yield return row.ScheduleId;
        yield return row.AuditId;
        yield return row.DeliveryId;
        yield return row.PlanId;
        yield return row.RetryPlanId;
        yield return row.RunId;
        yield return row.HealthId;
        yield return row.EventId;
        yield return row.Cadence;
    }
}
