using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Cavra.Core.PublicSafe;
using static Cavra.Core.Tests.PublicSafe.Fake;

namespace Cavra.Core.Tests.PublicSafe;

/// <summary>Known secrets in simple disguises are still refused, with the family of the secret underneath.</summary>
public class SecretScannerDisguiseTests
{
    private static readonly (string Kind, string Secret)[] _secrets =
    [
        (SecretKinds.GitHubToken, "ghp_" + Of(Alnum, 36, 1)),
        (SecretKinds.SlackWebhookUrl, $"https://hooks.slack.com/services/T{Of(UpperDigits, 8, 2)}/B{Of(UpperDigits, 10, 3)}/{Of(Alnum, 24, 4)}"),
        (SecretKinds.AwsAccessKeyId, "AKIA" + Of(UpperDigits, 16, 5)),
        (SecretKinds.StripeKey, "sk_live_" + Of(Alnum, 24, 6)),
        (SecretKinds.AiApiKey, "sk-proj-" + Of(Base64Url, 74, 7) + "T3Blbk" + "FJ" + Of(Base64Url, 74, 8)),
        (SecretKinds.SlackToken, $"xoxb-{Of(Digits, 12, 9)}-{Of(Digits, 13, 10)}-{Of(Alnum, 24, 11)}"),
        (SecretKinds.GenericSecret, "password=" + Of(Alnum, 14, 12)),
    ];

    private static readonly (string Name, Func<string, string> Disguise)[] _disguises =
    [
        ("percent-encoded", s => string.Concat(s.Select(c => $"%{(int)c:X2}"))),
        ("partly percent-encoded", s => string.Concat(s.Select((c, i) => i % 3 == 0 ? $"%{(int)c:x2}" : c.ToString()))),
        ("double percent-encoded", s => string.Concat(s.Select(c => $"%25{(int)c:X2}"))),
        ("base64", s => Convert.ToBase64String(Encoding.UTF8.GetBytes(s))),
        ("base64url in a sentence", s => "payload " + Base64UrlOf("token for the drill: " + s) + " attached"),
        ("zero-width spaces", s => Interleave(s, ["\u200B"], 3)),
        ("mixed invisible characters", s => Interleave(s, ["\u200C", "\u2060", "\uFEFF", "\u00AD"], 5)),
        ("full-width", s => string.Concat(s.Select(c => c is > ' ' and <= '~' ? (char)(c + 0xFEE0) : c))),
        ("mathematical bold", MathematicalBold),
        ("decimal entities", s => string.Concat(s.Select(c => $"&#{(int)c};"))),
        ("hex entities", s => string.Concat(s.Select((c, i) => i % 2 == 0 ? $"&#x{(int)c:x};" : c.ToString()))),
        ("named entities", s => Interleave(s, ["&shy;", "&ZeroWidthSpace;"], 6).Replace("_", "&lowbar;").Replace(":", "&colon;").Replace("/", "&sol;").Replace(".", "&period;").Replace("-", "&hyphen;").Replace("=", "&equals;")),
        ("unicode escapes", s => string.Concat(s.Select((c, i) => i % 4 == 1 ? $"\\u{(int)c:X4}" : c.ToString()))),
        ("full-width and zero-width", s => Interleave(string.Concat(s.Select(c => char.IsAsciiLetter(c) ? (char)(c + 0xFEE0) : c)), ["\u200D"], 2)),
        ("base64 of percent-encoded", s => Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Concat(s.Select(c => $"%{(int)c:X2}"))))),
    ];

    public static TheoryData<string, string> Disguised()
    {
        var data = new TheoryData<string, string>();
        foreach (var (name, _) in _disguises)
        {
            foreach (var (kind, _) in _secrets)
            {
                data.Add(name, kind);
            }
        }

        return data;
    }

    [Theory, MemberData(nameof(Disguised))]
    public void A_disguised_secret_is_refused_with_its_family(string disguise, string kind)
    {
        var secret = _secrets.Single(s => s.Kind == kind).Secret;
        var value = _disguises.Single(d => d.Name == disguise).Disguise(secret);
        Assert.DoesNotContain(secret, value, StringComparison.Ordinal);

        Assert.Equal(kind, SecretScanner.FindKind(value));
        Assert.Equal(new SecretFinding(kind, "notes"), SecretScanner.FindInField("notes", "see " + value + " for the drill"));
    }

    // One RSA key for every test here: generating one is the slow part.
    private static readonly RSA _rsa = RSA.Create(2048);

    public static TheoryData<string> PrivateKeyBodies()
    {
        var rsa = _rsa;
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pbe = new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000);
        var data = new TheoryData<string>();
        foreach (var der in new[]
        {
            rsa.ExportRSAPrivateKey(), rsa.ExportPkcs8PrivateKey(), ec.ExportECPrivateKey(), ec.ExportPkcs8PrivateKey(),
            ec.ExportEncryptedPkcs8PrivateKey("drill-passphrase", pbe),
        })
        {
            data.Add(PemLines(der));
            data.Add(Convert.ToBase64String(der));
        }

        // An OpenSSH key body: the "openssh-key-v1" magic and binary key material.
        data.Add(PemLines([.. "openssh-key-v1\0"u8, .. Encoding.ASCII.GetBytes(Of(Alnum, 8, 20)), .. RandomNumberGenerator.GetBytes(300)]));
        return data;
    }

    [Theory, MemberData(nameof(PrivateKeyBodies))]
    public void A_private_key_body_without_its_pem_header_is_refused(string body)
    {
        Assert.DoesNotContain("BEGIN", body, StringComparison.Ordinal);
        Assert.Equal(SecretKinds.PrivateKey, SecretScanner.FindKind(body));
        Assert.Equal(SecretKinds.PrivateKey, SecretScanner.FindInField("attachment", "key:\n" + body + "\n")?.Kind);
    }

    [Fact]
    public void Public_keys_and_certificates_are_not_private_keys()
    {
        var rsa = _rsa;
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=cavra.example.com", ec, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(30));

        foreach (var der in new[] { rsa.ExportSubjectPublicKeyInfo(), rsa.ExportRSAPublicKey(), ec.ExportSubjectPublicKeyInfo(), certificate.RawData, request.CreateSigningRequest() })
        {
            Assert.Null(SecretScanner.FindKind(PemLines(der)));
            Assert.Null(SecretScanner.FindInField("notes", Convert.ToBase64String(der)));
        }
    }

    private static string Interleave(string value, string[] inserts, int every)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            builder.Append(value[i]);
            if (i % every == every - 1)
            {
                builder.Append(inserts[i / every % inserts.Length]);
            }
        }

        return builder.ToString();
    }

    /// <summary>Letters and digits as MATHEMATICAL BOLD code points (U+1D400…), which NFKC folds back to ASCII.</summary>
    private static string MathematicalBold(string value) => string.Concat(value.Select(c => c switch
    {
        >= 'A' and <= 'Z' => char.ConvertFromUtf32(0x1D400 + (c - 'A')),
        >= 'a' and <= 'z' => char.ConvertFromUtf32(0x1D41A + (c - 'a')),
        >= '0' and <= '9' => char.ConvertFromUtf32(0x1D7CE + (c - '0')),
        _ => c.ToString(),
    }));

    private static string PemLines(byte[] der) => string.Join('\n', Convert.ToBase64String(der).Chunk(64).Select(chunk => new string(chunk)));
}
