namespace Cavra.Core.Evidence;

/// <summary>A request refers to a record (plan, schedule, health…) that does not exist: a 404, never a 500.</summary>
public sealed class RecordNotFoundException(string message) : Exception(message);
