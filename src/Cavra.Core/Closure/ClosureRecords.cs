using Cavra.Core.Retries;

namespace Cavra.Core.Closure;

/// <summary>
/// The records and schemas of final reporting (reference K, L1, L2): the closure dashboard (never stored), the release
/// readiness summary and the operator runbook export.
/// </summary>
public static class ClosureRecords
{
    private const string K = "go-backend-rollback-drill-acknowledgement-audit-delivery";
    private const string S = "cavra.go-backend-pilot.rollback-drill-acknowledgement-audit-delivery";

    /// <summary>Final Closure (K1): not stored.</summary>
    public const string DashboardSchema = "cavra.go-backend-pilot.rollback-drill-final-reporting-closure-dashboard.v1";

    /// <summary>Release Readiness (L1).</summary>
    public static readonly RecordType ReadinessSummary = new(
        $"{K}-final-reporting-release-readiness-summary", "gordackfinalready", $"{S}-final-reporting-release-readiness-summary.v1",
        "final_reporting_release_readiness_summary");

    /// <summary>Export Runbook (L2).</summary>
    public static readonly RecordType RunbookExport = new(
        $"{K}-final-reporting-operator-runbook-export", "gordackfinalrunbook", $"{S}-final-reporting-operator-runbook-export.v1",
        "final_reporting_operator_runbook_export");
}
