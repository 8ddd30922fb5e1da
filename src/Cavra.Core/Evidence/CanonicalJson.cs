using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cavra.Core.Evidence;

/// <summary>
/// One deterministic JSON form (object keys sorted ordinally, no whitespace) used for stored records,
/// content hashes and id material, so the same content always hashes the same way.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = true,
    };

    // Serialisation sits on the append hot path: reuse one buffer and writer per thread.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static string Serialize(JsonNode? node) => Encoding.UTF8.GetString(Write(node));

    /// <summary>Lower-case hex SHA-256 of the canonical form.</summary>
    public static string Hash(JsonNode? node) => Convert.ToHexStringLower(SHA256.HashData(Write(node)));

    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>
    /// Canonical form of one object made of <paramref name="first"/> and <paramref name="rest"/> (keys must not
    /// repeat) with the SHA-256 of its UTF-8 bytes, without building the merged object.
    /// </summary>
    public static (string Json, string Sha256) SerializeMerged(
        IReadOnlyList<KeyValuePair<string, JsonNode?>> first, JsonObject rest)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        writer.Reset(buffer);
        var count = first.Count + rest.Count;
        var properties = ArrayPool<KeyValuePair<string, JsonNode?>>.Shared.Rent(count);
        try
        {
            var i = 0;
            foreach (var property in first)
            {
                properties[i++] = property;
            }

            foreach (var property in rest)
            {
                properties[i++] = property;
            }

            WriteProperties(writer, properties, count);
        }
        finally
        {
            ArrayPool<KeyValuePair<string, JsonNode?>>.Shared.Return(properties, clearArray: true);
        }

        writer.Flush();
        var bytes = buffer.WrittenSpan;
        return (Encoding.UTF8.GetString(bytes), Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    /// <summary>Writes the canonical form into a per-thread buffer; the span is valid until the next call.</summary>
    private static ReadOnlySpan<byte> Write(JsonNode? node)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        writer.Reset(buffer);
        WriteNode(writer, node);
        writer.Flush();
        return buffer.WrittenSpan;
    }

    private static void WriteNode(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                WriteObject(writer, obj);
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteNode(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValue value:
                WriteValue(writer, value);
                break;
        }
    }

    private static void WriteObject(Utf8JsonWriter writer, JsonObject obj)
    {
        var count = obj.Count;
        var properties = ArrayPool<KeyValuePair<string, JsonNode?>>.Shared.Rent(count);
        try
        {
            var i = 0;
            foreach (var property in obj)
            {
                properties[i++] = property;
            }

            WriteProperties(writer, properties, count);
        }
        finally
        {
            ArrayPool<KeyValuePair<string, JsonNode?>>.Shared.Return(properties, clearArray: true);
        }
    }

    private static void WriteProperties(Utf8JsonWriter writer, KeyValuePair<string, JsonNode?>[] properties, int count)
    {
        Array.Sort(properties, 0, count, PropertyOrder.Instance);
        writer.WriteStartObject();
        for (var i = 0; i < count; i++)
        {
            writer.WritePropertyName(properties[i].Key);
            WriteNode(writer, properties[i].Value);
        }

        writer.WriteEndObject();
    }

    // Values built in C# are written directly; anything else (parsed elements, unusual CLR types) via WriteTo.
    private static void WriteValue(Utf8JsonWriter writer, JsonValue value)
    {
        if (value.TryGetValue(out string? text))
        {
            writer.WriteStringValue(text);
        }
        else if (value.TryGetValue(out bool flag))
        {
            writer.WriteBooleanValue(flag);
        }
        else if (value.TryGetValue(out int small))
        {
            writer.WriteNumberValue(small);
        }
        else if (value.TryGetValue(out long large))
        {
            writer.WriteNumberValue(large);
        }
        else if (value.TryGetValue(out double real))
        {
            writer.WriteNumberValue(real);
        }
        else
        {
            value.WriteTo(writer);
        }
    }

    private sealed class PropertyOrder : IComparer<KeyValuePair<string, JsonNode?>>
    {
        public static readonly PropertyOrder Instance = new();

        public int Compare(KeyValuePair<string, JsonNode?> x, KeyValuePair<string, JsonNode?> y) =>
            string.CompareOrdinal(x.Key, y.Key);
    }
}
