using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cavra.Api.Tests.Infrastructure;

namespace Cavra.Api.Tests;

/// <summary>
/// The README walkthrough and the operator guide, run as a reader runs them: the receivers of the doc's setup blocks,
/// the real service started with the environment the doc shows, then every other bash block in order in one shell,
/// each answer compared with the JSON the doc shows under it. A doc that drifts from the service fails here.
/// </summary>
public sealed partial class DocumentationWalkthroughTests
{
    private const string DocServiceAuthority = "127.0.0.1:8000";

    [Theory]
    [InlineData("README.md")]
    [InlineData("docs/operator-guide.md")]
    public async Task The_doc_runs_as_written_against_a_fresh_service_and_shows_what_the_service_answers(string doc)
    {
        var steps = Walkthrough.Parse(await File.ReadAllTextAsync(Path.Combine(Root, doc)));
        var runs = steps.Where(s => !s.Setup).ToList();
        Assert.NotEmpty(runs);
        Assert.Contains(runs, r => r.Expectations.Count > 0);
        var scratch = Directory.CreateTempSubdirectory("cavra-walkthrough-");
        var processes = new List<Process>();
        try
        {
            var ports = ReceiverPorts(steps).ToDictionary(p => p, _ => FreePort());
            string Rewrite(string code) => ports.Aggregate(code, (text, port) => Regex.Replace(text, $@"\b{port.Key}\b", port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));

            foreach (var receiver in steps.Where(s => s.Setup && !s.Code.Contains("dotnet run", StringComparison.Ordinal)))
            {
                processes.Add(StartBash(Rewrite(receiver.Code), scratch.FullName));
            }

            foreach (var port in ports.Values)
            {
                await WaitForPortAsync(port, processes);
            }

            var serviceBlock = Assert.Single(steps, s => s.Setup && s.Code.Contains("dotnet run", StringComparison.Ordinal));
            var serviceDirectory = Directory.CreateDirectory(Path.Combine(scratch.FullName, "service"));
            await using var service = ServiceProcess.Start(
                Path.Combine(AppContext.BaseDirectory, "Cavra.Api.dll"), serviceDirectory.FullName, ServiceEnvironment(Rewrite(serviceBlock.Code)));
            var address = await service.ListeningAsync();
            await WaitReadyAsync(address);

            var work = Directory.CreateDirectory(Path.Combine(scratch.FullName, "work"));
            var output = Directory.CreateDirectory(Path.Combine(scratch.FullName, "output"));
            var script = Script(runs.Select(r => Rewrite(r.Code).Replace(DocServiceAuthority, address.Authority, StringComparison.Ordinal)).ToList(), runs, output.FullName);
            var started = Stopwatch.StartNew();
            var (exitCode, shellErrors) = await RunBashAsync(script, work.FullName, Path.Combine(scratch.FullName, "tmp"));

            var ran = Directory.GetFiles(output.FullName, "*.out").Length;
            Assert.True(exitCode == 0, exitCode == 0 ? "" : Failure(runs, output.FullName, ran - 1, $"exit code {exitCode}. {shellErrors}"));
            Assert.Equal(runs.Count, ran);
            // The walkthrough keeps what it writes in the temporary folder, never in the directory it runs from.
            Assert.Empty(Directory.EnumerateFileSystemEntries(work.FullName));

            var problems = new List<string>();
            for (var i = 0; i < runs.Count; i++)
            {
                foreach (var expected in runs[i].Expectations)
                {
                    var text = await File.ReadAllTextAsync(Path.Combine(output.FullName, $"{i}.out"));
                    var answer = LastJson(text);
                    var found = new List<string>();
                    Compare(JsonNode.Parse(expected), answer, "$", found);
                    problems.AddRange(found.Select(f => $"block {i + 1} (line {runs[i].Line}): {f}\n  answer: {Shorten(text)}"));
                }
            }

            Assert.True(problems.Count == 0, string.Join("\n", problems) + $"\nservice log:\n{service.Errors}");
            Assert.True(started.Elapsed < TimeSpan.FromMinutes(2), $"the walkthrough took {started.Elapsed}");
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                process.Dispose();
            }

            scratch.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("README.md")]
    [InlineData("docs/operator-guide.md")]
    [InlineData("docs/console.md")]
    [InlineData("docs/configuration.md")]
    [InlineData("docs/api-guide.md")]
    public async Task A_user_doc_uses_no_word_a_user_cannot_know_and_no_placeholder_a_reader_cannot_fill(string doc)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(Root, doc));
        foreach (var word in InsiderWords())
        {
            Assert.False(word.IsMatch(text), $"{doc} says '{word.Match(text).Value}'");
        }

        foreach (var step in Walkthrough.Parse(text))
        {
            Assert.False(Placeholder().IsMatch(step.Code), $"{doc} line {step.Line}: '{Placeholder().Match(step.Code).Value}' is a placeholder");
        }
    }

    private static IEnumerable<Regex> InsiderWords() =>
    [
        new(@"\bseed (flow|pages?|00\d)", RegexOptions.IgnoreCase), new(@"\breference [A-G]\d"), new(@"\([A-G]\d(, [A-G]\d)*\)"),
        new(@"\bthe original\b", RegexOptions.IgnoreCase), new("DESIGN.md"),
    ];

    private static string Root
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (!File.Exists(Path.Combine(directory.FullName, "Cavra.sln")))
            {
                directory = directory.Parent ?? throw new InvalidOperationException("Cavra.sln not found above the test folder");
            }

            return directory.FullName;
        }
    }

    /// <summary>The loopback ports the doc's setup blocks name (receivers and the connector URLs that point at them).</summary>
    private static IEnumerable<int> ReceiverPorts(IEnumerable<Walkthrough.Step> steps) =>
        steps.Where(s => s.Setup)
            .SelectMany(s => LoopbackPort().Matches(s.Code).Select(m => int.Parse(m.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture)))
            .Where(p => p != 8000)
            .Distinct();

    /// <summary>The <c>NAME=value \</c> lines before <c>dotnet run</c>; the test keeps its own fresh database.</summary>
    private static Dictionary<string, string> ServiceEnvironment(string code)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match match in EnvironmentLine().Matches(code))
        {
            var name = match.Groups["name"].Value;
            if (!name.StartsWith("ConnectionStrings__", StringComparison.Ordinal))
            {
                environment[name] = match.Groups["value"].Value.Trim('"', '\'');
            }
        }

        Assert.Contains("Cavra__Connectors__AllowPrivateNetworks", environment.Keys);
        return environment;
    }

    /// <summary>One shell for every block, so variables and functions carry over as in a reader's terminal; each block's output goes to its own file.</summary>
    private static string Script(List<string> blocks, List<Walkthrough.Step> runs, string output)
    {
        var script = new StringBuilder("set -euo pipefail\n");
        for (var i = 0; i < blocks.Count; i++)
        {
            if (runs[i].AfterSeconds is { } seconds)
            {
                script.Append(Invariant($"while (( SECONDS < ${{WALKTHROUGH_CLOCK:-0}} + {seconds} )); do sleep 1; done\n"));
            }

            if (runs[i].StartsClock)
            {
                script.Append("WALKTHROUGH_CLOCK=$SECONDS\n");
            }

            script.Append(Invariant($"exec >'{output}/{i}.out' 2>'{output}/{i}.err'\n")).Append(blocks[i]).Append('\n');
        }

        return script.ToString();
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    private static Process StartBash(string code, string directory)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = directory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(code);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<(int ExitCode, string Errors)> RunBashAsync(string script, string directory, string temp)
    {
        Directory.CreateDirectory(temp);
        var file = Path.Combine(temp, "..", "walkthrough.sh");
        await File.WriteAllTextAsync(file, script);
        var start = new ProcessStartInfo("bash") { WorkingDirectory = directory, UseShellExecute = false, RedirectStandardError = true };
        start.ArgumentList.Add(file);
        start.Environment["TMPDIR"] = temp;
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await errors);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForPortAsync(int port, IReadOnlyList<Process> receivers)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            Assert.DoesNotContain(receivers, r => r.HasExited);
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        Assert.Fail($"no receiver listens on {port}");
    }

    private static async Task WaitReadyAsync(Uri address)
    {
        using var client = new HttpClient { BaseAddress = address };
        for (var attempt = 0; attempt < 200; attempt++)
        {
            using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            if (ready.IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("the service never became ready");
    }

    /// <summary>The last JSON value a block printed (curl answers follow each other without separators).</summary>
    private static JsonNode? LastJson(string text)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions { AllowMultipleValues = true });
        JsonNode? last = null;
        while (reader.Read())
        {
            last = JsonNode.Parse(ref reader);
        }

        return last;
    }

    /// <summary>
    /// The doc's JSON is a subset of the answer: listed keys must be there with the listed values; a string ending in
    /// "…" is a prefix ("…" alone: any value); an array of objects lists elements the answer holds, in any order; an
    /// array of values must be equal.
    /// </summary>
    private static void Compare(JsonNode? expected, JsonNode? actual, string path, List<string> problems)
    {
        switch (expected)
        {
            case JsonObject fields:
                if (actual is not JsonObject answer)
                {
                    problems.Add($"{path}: expected an object, got {actual?.ToJsonString() ?? "nothing"}");
                    return;
                }

                foreach (var (key, value) in fields)
                {
                    if (!answer.ContainsKey(key))
                    {
                        problems.Add($"{path}.{key}: missing");
                    }
                    else
                    {
                        Compare(value, answer[key], $"{path}.{key}", problems);
                    }
                }

                break;
            case JsonArray items when items.Any(i => i is JsonObject):
                if (actual is not JsonArray list)
                {
                    problems.Add($"{path}: expected an array, got {actual?.ToJsonString() ?? "null"}");
                    return;
                }

                foreach (var item in items)
                {
                    if (!list.Any(candidate => Matches(item, candidate)))
                    {
                        problems.Add($"{path}: no element matches {item?.ToJsonString()}");
                    }
                }

                break;
            case JsonArray items:
                if (actual is not JsonArray values || values.Count != items.Count)
                {
                    problems.Add($"{path}: expected {items.ToJsonString()}, got {actual?.ToJsonString() ?? "null"}");
                    return;
                }

                for (var i = 0; i < items.Count; i++)
                {
                    Compare(items[i], values[i], $"{path}[{i}]", problems);
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String && ((string)value!).EndsWith('…'):
                var prefix = ((string)value!)[..^1];
                if (actual is null || (prefix.Length > 0 && !(actual.GetValueKind() == JsonValueKind.String && ((string)actual!).StartsWith(prefix, StringComparison.Ordinal))))
                {
                    problems.Add($"{path}: expected {value.ToJsonString()}, got {actual?.ToJsonString() ?? "null"}");
                }

                break;
            default:
                if (!JsonNode.DeepEquals(Normalize(expected), Normalize(actual)))
                {
                    problems.Add($"{path}: expected {expected?.ToJsonString() ?? "null"}, got {actual?.ToJsonString() ?? "null"}");
                }

                break;
        }
    }

    private static bool Matches(JsonNode? expected, JsonNode? actual)
    {
        var problems = new List<string>();
        Compare(expected, actual, "", problems);
        return problems.Count == 0;
    }

    /// <summary>Numbers compare by value (1 and 1.0 are the same minutes).</summary>
    private static JsonNode? Normalize(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? JsonValue.Create(value.GetValue<decimal>()) : node;

    private static string Failure(List<Walkthrough.Step> runs, string output, int index, string why)
    {
        if (index < 0)
        {
            return $"the walkthrough did not start: {why}";
        }

        var stdout = File.ReadAllText(Path.Combine(output, $"{index}.out"));
        var stderr = File.ReadAllText(Path.Combine(output, $"{index}.err"));
        return $"block {index + 1} (line {runs[index].Line}) failed with {why}\n{runs[index].Code}\nstdout: {Shorten(stdout)}\nstderr: {stderr}";
    }

    private static string Shorten(string text) => text.Length <= 2000 ? text : text[..2000] + "…";

    [GeneratedRegex(@"127\.0\.0\.1[:"",\s]+(?<port>\d{4,5})\b")]
    private static partial Regex LoopbackPort();

    [GeneratedRegex(@"^\s*(?<name>[A-Za-z_][A-Za-z0-9_]*)=(?<value>\S+)\s*\\?\s*$", RegexOptions.Multiline)]
    private static partial Regex EnvironmentLine();

    [GeneratedRegex(@"<[a-z_]+>|…")]
    private static partial Regex Placeholder();

    /// <summary>
    /// The fenced blocks of a Markdown doc. A bash block after <c>&lt;!-- walkthrough: setup --&gt;</c> starts a
    /// long-running process (the test starts its equivalent), one after <c>skip</c> is not run; any other bash block is run. A json block after
    /// <c>&lt;!-- walkthrough: expect --&gt;</c> is what the previous run block's last answer must hold.
    /// <c>clock</c> marks the block a later <c>after Ns</c> block waits N seconds from.
    /// </summary>
    internal static partial class Walkthrough
    {
        public sealed record Step(bool Setup, string Code, int Line, bool StartsClock, int? AfterSeconds)
        {
            public List<string> Expectations { get; } = [];
        }

        public static List<Step> Parse(string markdown)
        {
            var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
            var steps = new List<Step>();
            var markers = new List<string>();
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                if (Marker().Match(line) is { Success: true } marker)
                {
                    markers.Add(marker.Groups["what"].Value);
                    continue;
                }

                if (!line.StartsWith("```", StringComparison.Ordinal))
                {
                    if (line.Length > 0)
                    {
                        markers.Clear();
                    }

                    continue;
                }

                var language = line[3..].Trim();
                var indent = lines[i].Length - lines[i].TrimStart().Length;
                var start = i + 1;
                var body = new List<string>();
                for (i++; i < lines.Length && !lines[i].Trim().StartsWith("```", StringComparison.Ordinal); i++)
                {
                    body.Add(lines[i].Length >= indent && string.IsNullOrWhiteSpace(lines[i][..indent]) ? lines[i][indent..] : lines[i].TrimStart());
                }

                var code = string.Join("\n", body);
                if (language == "bash" && !markers.Contains("skip"))
                {
                    var after = markers.Select(m => After().Match(m)).FirstOrDefault(m => m.Success);
                    steps.Add(new Step(markers.Contains("setup"), code, start, markers.Contains("clock"),
                        after is null ? null : int.Parse(after.Groups["seconds"].Value, System.Globalization.CultureInfo.InvariantCulture)));
                }
                else if (markers.Contains("expect"))
                {
                    var run = steps.LastOrDefault(s => !s.Setup) ?? throw new InvalidOperationException($"line {start}: an expectation before any command");
                    run.Expectations.Add(code);
                }

                markers.Clear();
            }

            return steps;
        }

        [GeneratedRegex(@"^<!-- walkthrough: (?<what>[^>]+?) -->$")]
        private static partial Regex Marker();

        [GeneratedRegex(@"^after (?<seconds>\d+)s$")]
        private static partial Regex After();
    }
}
