namespace Cavra.Api.OpenApi;

/// <summary>
/// A complete, valid value of <typeparamref name="T"/> that the API document shows as its example, so a request
/// sent from Swagger UI as it stands passes validation. Request records implement it for themselves; types declared
/// in Cavra.Core get a small provider class here.
/// </summary>
public interface IExample<out T>
{
    static abstract T Example { get; }
}
