namespace Cavra.Core.Retries;

/// <summary>The worker target of each stream of the catalogue, as registered.</summary>
public sealed class RetryTargets(IEnumerable<IRetryTarget> targets)
{
    private readonly Dictionary<string, IRetryTarget> _byStream = targets.ToDictionary(t => t.Stream.Name, StringComparer.Ordinal);

    public IRetryTarget For(DeliveryStream stream) => For(stream.Name);

    public IRetryTarget For(string streamName) =>
        _byStream.TryGetValue(streamName, out var target) ? target : throw new InvalidOperationException($"stream {streamName} has no worker target");
}
