using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Cavra.Core.PublicSafe;

/// <summary>
/// Disguised secrets. A value holding anything but plain ASCII ('%', '&amp;' and '\' count as not plain) or a long
/// base64 run is unfolded — compatibility forms folded to ASCII, invisible characters dropped, HTML entities, \u
/// escapes and percent-encoding decoded — and its base64 runs of 24+ characters are decoded; each text this yields is
/// scanned like the value itself, and a run that decodes to a DER private key is a private key.
/// </summary>
/// <remarks>
/// The work is bounded: unfolding is at most two folding and two percent-decoding passes, each one pass over text no
/// longer than its input; base64 runs are disjoint and read once; decoded text is unfolded once but never
/// base64-decoded again. So a value costs a small constant number of passes over its length however it is nested.
/// </remarks>
public static partial class SecretScanner
{
    private const int MinBase64Run = 24;
    private const int MinBase64Line = 48;
    private const int MaxStackDecoded = 1536;
    private const int MinDerPrivateKey = 40;

    private const string Base64RunChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_";

    private static readonly SearchValues<char> _plainChars = SearchValues.Create(PlainChars());
    private static readonly SearchValues<char> _base64RunChars = SearchValues.Create(Base64RunChars);
    private static readonly SearchValues<char> _hexOrBreakChars = SearchValues.Create("0123456789abcdefABCDEF\r\n");

    // PBES2 (1.2.840.113549.1.5.13) and the PKCS#12 PBE arc (1.2.840.113549.1.12.1): how encrypted PKCS#8 keys start.
    private static ReadOnlySpan<byte> Pbes2Oid => [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x05, 0x0D];

    private static ReadOnlySpan<byte> Pkcs12PbeOid => [0x06, 0x0A, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x0C, 0x01];

    private static ReadOnlySpan<byte> OpenSshMagic => "openssh-key-v1\0"u8;

    /// <summary>Printable ASCII, tab and line breaks, except the characters that start an encoding.</summary>
    private static string PlainChars()
    {
        var chars = new StringBuilder("\t\r\n");
        for (var c = ' '; c <= '~'; c++)
        {
            if (c is not ('%' or '&' or '\\'))
            {
                chars.Append(c);
            }
        }

        return chars.ToString();
    }

    private static bool MayBeDisguised(ReadOnlySpan<char> value) => value.ContainsAnyExcept(_plainChars) || HasBase64Run(value);

    private static bool HasBase64Run(ReadOnlySpan<char> value)
    {
        while (value.Length >= MinBase64Run)
        {
            var end = value.IndexOfAnyExcept(_base64RunChars);
            var run = end < 0 ? value : value[..end];
            if (run.Length >= MinBase64Run && run.ContainsAnyExcept(_hexOrBreakChars))
            {
                return true;
            }

            if (end < 0)
            {
                break;
            }

            value = value[(end + 1)..];
        }

        return false;
    }

    private static string? FindDisguisedKind(string value) =>
        ScanDisguises(value, static text => text is null ? SecretKinds.PrivateKey : FindPlainKind(text, text));

    /// <summary>The texts the scanner derives from <paramref name="value"/> (null for a private-key body), for tests.</summary>
    internal static IReadOnlyList<string?> Disguises(string value)
    {
        var texts = new List<string?>();
        ScanDisguises(value, text =>
        {
            texts.Add(text);
            return null;
        });
        return texts;
    }

    /// <summary>
    /// Hands <paramref name="scan"/> the unfolded value, then each decoded base64 run (unfolded once more), or null
    /// for a run that is a private key, until it returns a kind.
    /// </summary>
    private static string? ScanDisguises(string value, Func<string?, string?> scan)
    {
        var unfolded = Unfold(value);
        if (unfolded is not null && scan(unfolded) is { } found)
        {
            return found;
        }

        var text = unfolded ?? value;
        Span<byte> stack = stackalloc byte[MaxStackDecoded];
        for (var (start, end) = NextBase64Run(text, 0); start < end; (start, end) = NextBase64Run(text, end))
        {
            var run = text.AsSpan(start, end - start);
            if (!IsDecodable(run))
            {
                continue;
            }

            var size = (run.Length / 4 * 3) + 3;
            var bytes = DecodeBase64(run, size <= stack.Length ? stack : new byte[size]);
            var kind = IsPrivateKeyBody(bytes) ? scan(null) : AsText(bytes) is { } decoded ? scan(Unfold(decoded) ?? decoded) : null;
            if (kind is not null)
            {
                return kind;
            }
        }

        return null;
    }

    /// <summary>
    /// The next run of base64 characters from <paramref name="from"/> with at least <see cref="MinBase64Run"/> of them
    /// (start, end), or (end of text, end of text). A line break continues a run after a line of 48+ characters, so a
    /// PEM or MIME body is one run; '=' padding ends it.
    /// </summary>
    private static (int Start, int End) NextBase64Run(string text, int from)
    {
        var span = text.AsSpan();
        var position = from;
        while (position < span.Length)
        {
            var skip = span[position..].IndexOfAny(_base64RunChars);
            if (skip < 0)
            {
                break;
            }

            var start = position + skip;
            var end = start;
            var count = 0;
            while (true)
            {
                var length = span[end..].IndexOfAnyExcept(_base64RunChars);
                length = length < 0 ? span.Length - end : length;
                count += length;
                end += length;
                if (end < span.Length && span[end] == '=')
                {
                    end += span[end..].IndexOfAnyExcept('=') is var pad and >= 0 ? pad : span.Length - end;
                    break;
                }

                var lineBreak = span[end..].StartsWith("\r\n") ? 2 : span[end..].StartsWith("\n") ? 1 : 0;
                if (lineBreak == 0 || length < MinBase64Line || end + lineBreak >= span.Length || !_base64RunChars.Contains(span[end + lineBreak]))
                {
                    break;
                }

                end += lineBreak;
            }

            if (count >= MinBase64Run)
            {
                return (start, end);
            }

            position = end;
        }

        return (span.Length, span.Length);
    }

    /// <summary>One alphabet (standard or URL-safe, not both: a path like <c>/a/b-c</c> is not base64) and not only hex.</summary>
    private static bool IsDecodable(ReadOnlySpan<char> run) =>
        !(run.ContainsAny('+', '/') && run.ContainsAny('-', '_')) && run.ContainsAnyExcept(_hexOrBreakChars);

    /// <summary>Decodes standard or URL-safe base64, skipping line breaks and padding, into <paramref name="buffer"/>.</summary>
    private static ReadOnlySpan<byte> DecodeBase64(ReadOnlySpan<char> run, Span<byte> buffer)
    {
        int count = 0, bits = 0, accumulator = 0;
        foreach (var c in run)
        {
            var sextet = c switch
            {
                >= 'A' and <= 'Z' => c - 'A',
                >= 'a' and <= 'z' => c - 'a' + 26,
                >= '0' and <= '9' => c - '0' + 52,
                '+' or '-' => 62,
                '/' or '_' => 63,
                _ => -1,
            };
            if (sextet < 0)
            {
                continue;
            }

            accumulator = (accumulator << 6) | sextet;
            bits += 6;
            if (bits >= 8)
            {
                bits -= 8;
                buffer[count++] = (byte)(accumulator >> bits);
                accumulator &= (1 << bits) - 1;
            }
        }

        return buffer[..count];
    }

    /// <summary>Decoded bytes that are UTF-8 text (at most 1 in 20 control characters), as a string; otherwise null.</summary>
    private static string? AsText(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < MinScanLength || !Utf8.IsValid(bytes))
        {
            return null;
        }

        var controls = 0;
        foreach (var b in bytes)
        {
            if (b is (< 0x20 and not (0x09 or 0x0A or 0x0D)) or 0x7F)
            {
                controls++;
            }
        }

        return controls * 20 > bytes.Length ? null : Encoding.UTF8.GetString(bytes);
    }

    /// <summary>
    /// A headerless private key: an OpenSSH key body, or exactly one DER SEQUENCE that is a PKCS#1 RSA / DSA key
    /// (version 0, then an INTEGER), a SEC1 EC key (version 1, then an OCTET STRING), a PKCS#8 key (version 0 or 1, then
    /// the algorithm SEQUENCE) or an encrypted PKCS#8 key (PBES2 or PKCS#12 PBE algorithm). Public keys, certificates and
    /// signing requests start differently.
    /// </summary>
    private static bool IsPrivateKeyBody(ReadOnlySpan<byte> der)
    {
        if (der.StartsWith(OpenSshMagic))
        {
            return true;
        }

        if (der.Length < MinDerPrivateKey || der[0] != 0x30 || !TryReadDerLength(der[1..], out var length, out var lengthSize) ||
            length != der.Length - 1 - lengthSize)
        {
            return false;
        }

        var body = der[(1 + lengthSize)..];
        if (body is [0x02, 0x01, var version, var next, ..])
        {
            return (version == 0 && next is 0x02 or 0x30) || (version == 1 && next is 0x04 or 0x30);
        }

        var algorithm = body[..Math.Min(body.Length, 16)];
        return body[0] == 0x30 && (algorithm.IndexOf(Pbes2Oid) >= 0 || algorithm.IndexOf(Pkcs12PbeOid) >= 0);
    }

    private static bool TryReadDerLength(ReadOnlySpan<byte> bytes, out int length, out int size)
    {
        length = 0;
        size = 0;
        if (bytes.IsEmpty)
        {
            return false;
        }

        if (bytes[0] < 0x80)
        {
            (length, size) = (bytes[0], 1);
            return true;
        }

        var count = bytes[0] & 0x7F;
        if (count is 0 or > 3 || bytes.Length <= count)
        {
            return false;
        }

        foreach (var b in bytes[1..(count + 1)])
        {
            length = (length << 8) | b;
        }

        size = count + 1;
        return true;
    }
}
