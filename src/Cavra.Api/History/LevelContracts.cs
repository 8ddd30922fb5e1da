namespace Cavra.Api.History;

/// <summary>What settles an open condition: the console action, the route that performs it, and a hint.</summary>
public sealed record NextActionResponse(string Action, string Route, string Hint);

/// <summary>
/// One open condition behind a level: the stream it belongs to, its category and severity, how many items are open and
/// the ids behind them (<c>delivery_ids</c>, <c>run_ids</c>, <c>retry_plan_ids</c>, <c>providers</c>, …), and what settles it.
/// </summary>
public sealed record LevelReason(
    string Stream, string Category, string Severity, string Message, long Count,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Ids, NextActionResponse? NextAction);
