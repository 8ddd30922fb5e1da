namespace Cavra.Api.History;

/// <summary>What settles an open condition: the console action, the route that performs it, and a hint.</summary>
/// <param name="Action">The Evidence Console action that settles it (for example Execute Retry or Close Recovery).</param>
/// <param name="Route">The route that performs it, with its method.</param>
/// <param name="Hint">What to do, in a sentence.</param>
public sealed record NextActionResponse(string Action, string Route, string Hint);

/// <summary>
/// One open condition behind a level: the stream it belongs to, its category and severity, how many items are open and
/// the ids behind them (<c>delivery_ids</c>, <c>run_ids</c>, <c>retry_plan_ids</c>, <c>providers</c>, …), and what settles it.
/// </summary>
/// <param name="Stream">The delivery stream the condition belongs to (audit, …) or the notification family.</param>
/// <param name="Category">What is open: connector_failure, failed_worker_run, retryable_deliveries, outstanding_acknowledgement, missed_worker_run, stale_retry_plan, …</param>
/// <param name="Severity">critical or warning.</param>
/// <param name="Message">The condition in words, with its count.</param>
/// <param name="Count">How many items are open.</param>
/// <param name="Ids">The ids behind the open items, by kind of id (delivery_ids, audit_ids, providers, record_ids, …).</param>
/// <param name="NextAction">What settles it; null when nothing can be done from here.</param>
public sealed record LevelReason(
    string Stream, string Category, string Severity, string Message, long Count,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Ids, NextActionResponse? NextAction);
