using System.Text.Json.Nodes;
using Cavra.Tests.Receivers;

namespace Cavra.Api.Tests.Infrastructure;

/// <summary>
/// A fresh service with a webhook connector pointing at a loopback receiver, and its OpenAPI document: where the
/// tests that generate requests from the document send them.
/// </summary>
public sealed class DocumentedService : IAsyncDisposable
{
    private DocumentedService(LoopbackReceiver receiver, CavraApiFactory factory, HttpClient client, JsonObject document)
    {
        Receiver = receiver;
        Factory = factory;
        Client = client;
        Document = document;
    }

    public LoopbackReceiver Receiver { get; }

    public CavraApiFactory Factory { get; }

    public HttpClient Client { get; }

    public JsonObject Document { get; }

    public static async Task<DocumentedService> StartAsync()
    {
        var receiver = await LoopbackReceiver.StartAsync();
        var factory = new CavraApiFactory(new Dictionary<string, string?> { ["Cavra:Connectors:webhook:url"] = receiver.Url("/hook") });
        var client = factory.CreateClient();
        var (_, document) = await client.GetJsonAsync("/swagger/v1/swagger.json");
        return new DocumentedService(receiver, factory, client, document);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
