using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Cavra.Core.Evidence;

/// <summary>
/// The hash chain. The content hash covers the canonical record JSON (and with it every typed column, which the
/// database generates from that JSON); the record hash binds the sequence, the previous record's hash and the
/// content hash, so editing, removing or reordering records breaks the chain.
/// </summary>
public static class EvidenceChain
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    private const string Domain = "cavra.evidence.chain.v1";

    public static string ContentHash(string recordJson) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recordJson)));

    /// <summary>Hash of the chain link: domain, sequence, previous record hash and content hash.</summary>
    public static string RecordHash(long sequence, string previousHash, string contentHash) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{Domain}\n{sequence}\n{previousHash}\n{contentHash}"))));
}
