using System.Text;
using Cavra.Core.PublicSafe;
using static Cavra.Core.Tests.PublicSafe.Fake;

namespace Cavra.Core.Tests.PublicSafe;

/// <summary>
/// Pathological values. Work is counted, not timed: the texts the scanner derives from a value (unfolded text,
/// decoded base64 runs) stay within a small multiple of its length however deeply it is encoded, and every family's
/// pattern meets values built to make a backtracking pattern rescan (long runs after each trigger, triggers repeated).
/// </summary>
public class SecretScannerLinearityTests
{
    private const int Size = 100_000;

    public static TheoryData<string> Pathological()
    {
        var nested = "ghp_" + Of(Alnum, 36, 1);
        for (var i = 0; i < 12; i++)
        {
            nested = Convert.ToBase64String(Encoding.UTF8.GetBytes(nested));
        }

        return new TheoryData<string>
        {
            nested,
            Repeat("%25", Size / 3) + "41",
            Repeat("&amp;", Size / 5) + "lt;",
            Repeat("a\u200B", Size / 2),
            Repeat("\uFF41", Size),
            new string('A', Size),
            Repeat(Of(Base64, 64, 2) + "\n", Size / 65),
            Repeat("\\u00", Size / 4),
            Repeat("&#", Size / 2),
        };
    }

    [Theory, MemberData(nameof(Pathological))]
    public void Derived_text_stays_within_a_small_multiple_of_the_value(string value)
    {
        var derived = SecretScanner.Disguises(value).Sum(text => (long)(text?.Length ?? 0));
        Assert.True(derived <= 3L * value.Length, $"{derived} characters derived from {value.Length}");
        _ = SecretScanner.FindKind(value);
    }

    public static TheoryData<string> Triggers() =>
    [
        "sk-", "sk-proj-", "sk-ant-api03-", "hf_", "hvs.", "dp.pt.", "ops_eyJ", "A3-", "pypi-AgE", "oy2", "dckr_pat_",
        "https://discord.com/api/webhooks/", "https://chat.googleapis.com/v1/spaces/AAAA/messages?", "12345678:AA", "EAAA",
        "GOCSPX-", "0Q~", "HRKU-AA", "dop_v1_", "fm2_", "v1.0-", "heroku_api_key=", "cloudflare_token=", "cohere_api_key=",
        "SK", "key-", "ATATT3", "glc_", "NRII-", "sntrys_eyJ", "AGE-SECRET-KEY-1", "glpat-", "whsec_", ".atlasv1.",
    ];

    [Theory, MemberData(nameof(Triggers))]
    public void Long_runs_after_a_trigger_and_repeated_triggers_finish(string trigger)
    {
        // Each value is scanned once; a pattern that rescanned the run from every position would need ~10^10 steps.
        foreach (var value in new[]
        {
            trigger + new string('a', Size),
            trigger + Repeat("a1", Size / 2) + "!",
            Repeat(trigger, Size / trigger.Length),
            Repeat(trigger + "0", Size / (trigger.Length + 1)),
        })
        {
            _ = SecretScanner.FindKind(value);
            _ = SecretScanner.FindInField("notes", value);
        }
    }

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();
}
