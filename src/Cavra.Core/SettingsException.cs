namespace Cavra.Core;

/// <summary>A configuration setting the service cannot start with; the message names the setting.</summary>
public sealed class SettingsException(string message) : Exception(message);
