using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Cavra.Api.Tests.Infrastructure;

/// <summary>
/// The service as an operator runs it: <c>dotnet Cavra.Api.dll</c> in its own process, started from a working
/// directory of the test's choosing, with settings as environment variables.
/// </summary>
public sealed partial class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServiceProcess(string assembly, string workingDirectory, IDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line.Data);
            }

            if (ListeningLine().Match(line.Data) is { Success: true } match)
            {
                _listening.TrySetResult(new Uri(match.Groups["url"].Value));
            }
        };
        _process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                lock (_errors)
                {
                    _errors.AppendLine(line.Data);
                }
            }
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    public static ServiceProcess Start(string assembly, string workingDirectory, IDictionary<string, string>? environment = null) =>
        new(assembly, workingDirectory, environment ?? new Dictionary<string, string>());

    /// <summary>The address the service listens on, once it says so (it fails the test if the process exits first).</summary>
    public async Task<Uri> ListeningAsync()
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        return first == _listening.Task
            ? await _listening.Task
            : throw new InvalidOperationException($"the service did not start.\nstdout:\n{Output}\nstderr:\n{Errors}");
    }

    public async Task<int> ExitCodeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (?<url>http://\S+)")]
    private static partial Regex ListeningLine();
}
