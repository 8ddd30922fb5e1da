using System.Text.Json;
using Cavra.Core.PublicSafe;
using FluentValidation;

namespace Cavra.Api.Hosting;

/// <summary>FluentValidation wiring: validators are found in this assembly and run as an endpoint filter.</summary>
public static class Validation
{
    /// <summary>Registers every validator of the API and Core assemblies.</summary>
    public static IServiceCollection AddRequestValidators(this IServiceCollection services)
    {
        // Error keys and messages use the JSON names clients send.
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.SnakeCaseLower.ConvertName(member.Name);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.SnakeCaseLower.ConvertName(member.Name);

        return services.AddValidatorsFromAssemblies(
            [typeof(Validation).Assembly, typeof(Cavra.Core.Drills.DrillRecords).Assembly], ServiceLifetime.Singleton, includeInternalTypes: true);
    }

    /// <summary>Validates the endpoint's <typeparamref name="T"/> argument; failures become a 400 with per-field errors.</summary>
    public static RouteHandlerBuilder Validate<T>(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<ValidationFilter<T>>().ProducesValidationProblem();

    /// <summary>Free text must not carry a secret; the error names the kind, never the value.</summary>
    public static IRuleBuilderOptionsConditions<T, string?> PublicSafe<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Custom((value, context) =>
        {
            if (SecretScanner.FindKind(value) is { } kind)
            {
                context.AddFailure(ProblemResponses.SecretMessage(kind));
            }
        });

    private static readonly string[] NotNull = ["must not be null"];

    private sealed class ValidationFilter<T>(IValidator<T> validator) : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var argument = context.Arguments.OfType<T>().FirstOrDefault();
            if (argument is null)
            {
                return TypedResults.Problem(ProblemResponses.FieldProblem("body", "a JSON request body is required"));
            }

            // A null where the contract has none would fail deep inside the service: name every such place first.
            if (NullGuard.FindNulls(argument) is { Count: > 0 } nulls)
            {
                return TypedResults.ValidationProblem(
                    nulls.ToDictionary(field => field, _ => NotNull),
                    title: "Invalid request",
                    detail: string.Join("; ", nulls.Select(field => $"{field}: must not be null")));
            }

            var result = await validator.ValidateAsync(argument, context.HttpContext.RequestAborted);
            return result.IsValid
                ? await next(context)
                : TypedResults.ValidationProblem(
                    result.ToDictionary(),
                    title: "Invalid request",
                    detail: string.Join("; ", result.Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}")));
        }
    }
}
