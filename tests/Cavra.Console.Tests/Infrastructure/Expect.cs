using System.Text.RegularExpressions;

namespace Cavra.Console.Tests.Infrastructure;

internal static class Expect
{
    /// <summary>Like Assert.Matches, but a failure shows the whole text (status lines are long).</summary>
    public static void Matches(string pattern, string actual) =>
        Assert.True(Regex.IsMatch(actual, pattern), $"Expected to match:{Environment.NewLine}{pattern}{Environment.NewLine}Actual:{Environment.NewLine}{actual}");
}
