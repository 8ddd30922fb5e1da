using System.Text;

namespace Cavra.Core.Tests.PublicSafe;

/// <summary>
/// Deterministic look-alike secrets built at run time (xorshift from a seed), so the test sources hold no
/// secret-shaped literals and every run sees the same values.
/// </summary>
internal static class Fake
{
    public const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    public const string Lower = "abcdefghijklmnopqrstuvwxyz";
    public const string Digits = "0123456789";
    public const string UpperDigits = Upper + Digits;
    public const string Alnum = Upper + Lower + Digits;
    public const string Hex = "0123456789abcdef";
    public const string Base64 = Alnum + "+/";
    public const string Base64Url = Alnum + "-_";
    public const string Bech32 = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L";

    public static string Of(string alphabet, int length, int seed)
    {
        var state = unchecked(((uint)seed * 2654435761u) + 0x9E3779B9u);
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            chars[i] = alphabet[(int)(state % (uint)alphabet.Length)];
        }

        return new string(chars);
    }

    public static string Guid(int seed) =>
        $"{Of(Hex, 8, seed)}-{Of(Hex, 4, seed + 1)}-4{Of(Hex, 3, seed + 2)}-a{Of(Hex, 3, seed + 3)}-{Of(Hex, 12, seed + 4)}";

    public static string Base64UrlOf(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Jwt(int seed) =>
        Base64UrlOf("""{"alg":"HS256","typ":"JWT"}""") + "." +
        Base64UrlOf($$"""{"sub":"svc-{{Of(Lower, 6, seed)}}","iat":1767225600,"exp":1767229200}""") + "." +
        Of(Base64Url, 43, seed + 1);

    public static string BasicCredentials(string user, int seed) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{Of(Alnum, 16, seed)}"));

    /// <summary>"-----BEGIN {label}-----" assembled from parts.</summary>
    public static string PemBlock(string algorithm, int seed)
    {
        var label = (algorithm.Length == 0 ? string.Empty : algorithm + " ") + "PRIVATE" + " KEY";
        return $"-----BEGIN {label}-----\nMIIE{Of(Base64, 60, seed)}\n{Of(Base64, 64, seed + 1)}\n-----END {label}-----";
    }
}
