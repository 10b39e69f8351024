using CoreJsonDataConverter = DurableTask.Core.Serializing.JsonDataConverter;

namespace Seatwise.Local.Durable;

/// <summary>
/// Lets DurableTask.Core's client serialize orchestration inputs with the same System.Text.Json converter the
/// shimmed orchestrations read them with (DurableTask.Core defaults to Newtonsoft.Json).
/// </summary>
internal sealed class DurableTaskConverterAdapter(Microsoft.DurableTask.DataConverter inner) : CoreJsonDataConverter
{
    public override string Serialize(object value) => inner.Serialize(value) ?? "null";

    public override string Serialize(object value, bool formatted) => Serialize(value);

    public override object Deserialize(string data, Type objectType) => inner.Deserialize(data, objectType)!;
}
