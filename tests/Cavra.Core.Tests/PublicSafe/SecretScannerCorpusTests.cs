using Cavra.Core.PublicSafe;

namespace Cavra.Core.Tests.PublicSafe;

public class SecretScannerCorpusTests
{
    [Fact]
    public void Every_secret_in_the_corpus_is_flagged()
    {
        var secrets = SecretSamples.AllSecrets.ToList();
        Assert.True(secrets.Count >= 120, $"corpus has only {secrets.Count} secret samples");

        var missed = secrets
            .Select((sample, index) => (sample, index))
            .Where(x => SecretScanner.FindInField(x.sample.Path, x.sample.Value) is null)
            .Select(x => $"#{x.index} at {x.sample.Path}")
            .ToList();

        Assert.True(missed.Count == 0, $"{missed.Count} of {secrets.Count} secrets passed: {string.Join(", ", missed)}");
    }

    [Fact]
    public void No_benign_value_is_refused()
    {
        var flagged = SecretSamples.Benign
            .Select(sample => (sample, finding: SecretScanner.FindInField(sample.Path, sample.Value)))
            .Where(x => x.finding is not null)
            .Select(x => $"{x.sample.Path}={x.sample.Value} ({x.finding!.Kind})")
            .ToList();

        Assert.True(SecretSamples.Benign.Count >= 130, $"corpus has only {SecretSamples.Benign.Count} benign samples");
        Assert.True(flagged.Count == 0, $"{flagged.Count} of {SecretSamples.Benign.Count} benign values refused: {string.Join(" | ", flagged)}");
    }

    [Fact]
    public void Benign_free_text_is_clean_for_FindKind()
    {
        var flagged = SecretSamples.Benign
            .Where(sample => SecretScanner.FindKind(sample.Value) is not null && !IsSecretNamed(sample.Path))
            .Select(sample => $"{sample.Value} ({SecretScanner.FindKind(sample.Value)})")
            .ToList();

        Assert.True(flagged.Count == 0, string.Join(" | ", flagged));
    }

    [Fact]
    public void Short_and_empty_values_are_clean()
    {
        Assert.Null(SecretScanner.FindKind(null));
        Assert.Null(SecretScanner.FindKind(string.Empty));
        Assert.Null(SecretScanner.FindKind("token"));
        Assert.Null(SecretScanner.FindInField("notes", null));
        Assert.Null(SecretScanner.FindInField("notes", "ok"));
    }

    private static bool IsSecretNamed(string path) =>
        path.Contains("password", StringComparison.Ordinal) || path.Contains("secret", StringComparison.Ordinal) ||
        path.Contains("key", StringComparison.OrdinalIgnoreCase);
}
