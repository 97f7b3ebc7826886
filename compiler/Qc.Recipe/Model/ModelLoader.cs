namespace Qc.Recipe.Model;

/// <summary>Loads the recipe's model (the driver imports ONNX; tests may parse graph IR text).</summary>
/// <param name="request">The model path and input pins from the recipe.</param>
public delegate ModelLoadResult ModelLoader(ModelRequest request);
