namespace Cavra.Api.Hosting;

/// <summary>"Did you mean …?" for misspelt field and parameter names.</summary>
public static class Suggestions
{
    /// <summary>The known name closest to <paramref name="name"/>, when it is close enough to be a likely typo.</summary>
    public static string? Closest(string name, IEnumerable<string> known)
    {
        // Names are short and the lists small, so a plain edit distance is enough; unrelated names are not suggested.
        var limit = Math.Max(2, name.Length / 3);
        return known
            .Select(candidate => (candidate, distance: Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant())))
            .Where(c => c.distance <= limit)
            .OrderBy(c => c.distance)
            .ThenBy(c => c.candidate, StringComparer.Ordinal)
            .Select(c => c.candidate)
            .FirstOrDefault();
    }

    private static int Distance(string a, string b)
    {
        if (a.Length > 200 || b.Length > 200)
        {
            return int.MaxValue;
        }

        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), substitution);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
