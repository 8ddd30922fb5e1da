using System.Buffers;
using System.Text;

namespace Cavra.Core.PublicSafe;

/// <summary>
/// Unfolding text before it is scanned again: the disguises a secret survives in (full-width letters, zero-width
/// characters, HTML entities, \u escapes, percent-encoding) are undone.
/// </summary>
/// <remarks>
/// Not <c>string.Normalize(NormalizationForm.FormKC)</c>: with <c>InvariantGlobalization</c> (Directory.Build.props)
/// .NET has no ICU and Normalize returns the text unchanged. The fold below covers the compatibility forms that turn
/// into ASCII letters, digits and punctuation under NFKC and so can hide a token: full-width ASCII (U+FF01–U+FF5E),
/// the ideographic and other spaces, mathematical alphanumerics (U+1D400–U+1D7FF), circled letters and digits,
/// super- and subscript digits and the Latin ligatures (U+FB00–U+FB06). Characters that only format text
/// (zero-width space, joiners, word joiner, BOM, soft hyphen, direction marks, variation selectors) are removed.
/// </remarks>
public static partial class SecretScanner
{
    private const int MaxEntityName = 18;

    private static readonly SearchValues<char> _hexChars = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>The unfolded text, or null when unfolding changes nothing.</summary>
    private static string? Unfold(string value)
    {
        var text = Fold(value) ?? value;
        if (text.Contains('&', StringComparison.Ordinal))
        {
            text = Fold(text) ?? text; // &amp;#58; is &#58; is ':'.
        }

        if (text.Contains('%', StringComparison.Ordinal))
        {
            // Two rounds undo double encoding (%2541 is %41 is 'A'); percent-decoding only ever shortens text.
            for (var round = 0; round < 2; round++)
            {
                var decoded = Uri.UnescapeDataString(text);
                if (decoded.Length == text.Length)
                {
                    break;
                }

                text = decoded;
            }

            text = Fold(text) ?? text; // Percent-encoded full-width or zero-width characters.
        }

        return ReferenceEquals(text, value) ? null : text;
    }

    /// <summary>One pass of character folding and entity / escape decoding; null when nothing changes.</summary>
    private static string? Fold(string value)
    {
        var first = value.AsSpan().IndexOfAnyExcept(_plainChars);
        if (first < 0)
        {
            return null;
        }

        var builder = new StringBuilder(value.Length);
        builder.Append(value, 0, first);
        var changed = false;
        for (var i = first; i < value.Length; i++)
        {
            var c = value[i];
            var rest = value.AsSpan(i);
            int codePoint, consumed;
            if ((c == '&' && TryDecodeEntity(rest, out codePoint, out consumed)) || (c == '\\' && TryDecodeEscape(rest, out codePoint, out consumed)))
            {
                AppendCodePoint(builder, codePoint);
                i += consumed - 1;
                changed = true;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]) &&
                FoldCodePoint(char.ConvertToUtf32(c, value[i + 1]), builder))
            {
                i++;
                changed = true;
            }
            else if (c >= 0x80 && FoldCodePoint(c, builder))
            {
                changed = true;
            }
            else
            {
                builder.Append(c);
            }
        }

        return changed ? builder.ToString() : null;
    }

    private static void AppendCodePoint(StringBuilder builder, int codePoint)
    {
        if (FoldCodePoint(codePoint, builder))
        {
            return;
        }

        if (codePoint is >= 0x10000 and <= 0x10FFFF)
        {
            builder.Append(char.ConvertFromUtf32(codePoint));
        }
        else
        {
            builder.Append((char)codePoint); // An escaped surrogate pairs with its escaped partner.
        }
    }

    /// <summary>Appends the NFKC fold of a compatibility character (nothing for a formatting one); false when it has none.</summary>
    private static bool FoldCodePoint(int c, StringBuilder builder)
    {
        switch (c)
        {
            case 0x00AD or 0x034F or 0x061C or 0x180E or (>= 0x200B and <= 0x200F) or (>= 0x202A and <= 0x202E) or
                (>= 0x2060 and <= 0x2064) or (>= 0x2066 and <= 0x2069) or (>= 0xFE00 and <= 0xFE0F) or 0xFEFF:
                return true;
            case 0x00A0 or (>= 0x2000 and <= 0x200A) or 0x202F or 0x205F or 0x3000:
                builder.Append(' ');
                return true;
            case >= 0xFF01 and <= 0xFF5E:
                builder.Append((char)(c - 0xFEE0));
                return true;
            case >= 0x1D400 and <= 0x1D6A3:
                var letter = (c - 0x1D400) % 52;
                builder.Append((char)(letter < 26 ? 'A' + letter : 'a' + letter - 26));
                return true;
            case >= 0x1D7CE and <= 0x1D7FF:
                builder.Append((char)('0' + ((c - 0x1D7CE) % 10)));
                return true;
            case >= 0x24B6 and <= 0x24CF:
                builder.Append((char)('A' + c - 0x24B6));
                return true;
            case >= 0x24D0 and <= 0x24E9:
                builder.Append((char)('a' + c - 0x24D0));
                return true;
            case >= 0x2460 and <= 0x2468:
                builder.Append((char)('1' + c - 0x2460));
                return true;
            case >= 0x2080 and <= 0x2089:
                builder.Append((char)('0' + c - 0x2080));
                return true;
            case 0x2070 or (>= 0x2074 and <= 0x2079):
                builder.Append((char)('0' + c - 0x2070));
                return true;
            case 0x00B9 or 0x00B2 or 0x00B3:
                builder.Append(c == 0x00B9 ? '1' : (char)('0' + c - 0x00B0));
                return true;
            case >= 0xFB00 and <= 0xFB06:
                builder.Append((c - 0xFB00) switch { 0 => "ff", 1 => "fi", 2 => "fl", 3 => "ffi", 4 => "ffl", _ => "st" });
                return true;
            default:
                return false;
        }
    }

    /// <summary><c>&amp;#58;</c>, <c>&amp;#x3A;</c> (the ';' may be missing, as browsers allow) or a named entity.</summary>
    private static bool TryDecodeEntity(ReadOnlySpan<char> text, out int codePoint, out int consumed)
    {
        (codePoint, consumed) = (0, 0);
        if (text.Length < 3)
        {
            return false;
        }

        if (text[1] == '#')
        {
            var hex = text[2] is 'x' or 'X';
            var start = hex ? 3 : 2;
            var end = start;
            while (end < text.Length && end - start < 7 && (hex ? char.IsAsciiHexDigit(text[end]) : char.IsAsciiDigit(text[end])))
            {
                codePoint = (codePoint * (hex ? 16 : 10)) + HexDigit(text[end]);
                end++;
            }

            if (end == start || codePoint > 0x10FFFF)
            {
                return false;
            }

            consumed = end < text.Length && text[end] == ';' ? end + 1 : end;
            return true;
        }

        var name = text[1..Math.Min(text.Length, MaxEntityName + 2)];
        var semicolon = name.IndexOf(';');
        codePoint = semicolon > 0 ? NamedEntity(name[..semicolon]) : 0;
        consumed = semicolon + 2;
        return codePoint != 0;
    }

    /// <summary>The HTML entities that stand for ASCII punctuation, spaces and invisible characters.</summary>
    private static char NamedEntity(ReadOnlySpan<char> name) => name switch
    {
        "amp" or "AMP" => '&',
        "lt" or "LT" => '<',
        "gt" or "GT" => '>',
        "quot" or "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "sol" => '/',
        "bsol" => '\\',
        "colon" => ':',
        "semi" => ';',
        "period" => '.',
        "comma" => ',',
        "equals" => '=',
        "lowbar" or "UnderBar" => '_',
        "hyphen" or "dash" => '-',
        "num" => '#',
        "percnt" => '%',
        "commat" => '@',
        "plus" => '+',
        "quest" => '?',
        "excl" => '!',
        "dollar" => '$',
        "ast" or "midast" => '*',
        "lpar" => '(',
        "rpar" => ')',
        "lsqb" or "lbrack" => '[',
        "rsqb" or "rbrack" => ']',
        "lcub" or "lbrace" => '{',
        "rcub" or "rbrace" => '}',
        "verbar" or "vert" or "VerticalLine" => '|',
        "grave" or "DiacriticalGrave" => '`',
        "Hat" => '^',
        "shy" => '\u00AD',
        "ZeroWidthSpace" or "NegativeThinSpace" => '\u200B',
        "zwnj" => '\u200C',
        "zwj" => '\u200D',
        "NoBreak" => '\u2060',
        "Tab" => '\t',
        "NewLine" => '\n',
        _ => '\0',
    };

    /// <summary><c>\u0041</c> or <c>\x41</c>.</summary>
    private static bool TryDecodeEscape(ReadOnlySpan<char> text, out int codePoint, out int consumed)
    {
        (codePoint, consumed) = (0, 0);
        var digits = text.Length > 1 ? text[1] switch { 'u' => 4, 'x' => 2, _ => 0 } : 0;
        if (digits == 0 || text.Length < 2 + digits || text.Slice(2, digits).ContainsAnyExcept(_hexChars))
        {
            return false;
        }

        foreach (var digit in text.Slice(2, digits))
        {
            codePoint = (codePoint * 16) + HexDigit(digit);
        }

        consumed = 2 + digits;
        return true;
    }

    private static int HexDigit(char c) => char.IsAsciiDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10;
}
