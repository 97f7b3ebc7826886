namespace Qc.Ir.Graph;

/// <summary>Registers the miscellaneous ops: random generators, Multinomial, Det, string and text featurizers, and the
/// ai.onnx.preview.training ops.</summary>
internal static class MiscOps
{
    private const string Training = "ai.onnx.preview.training";

    public static void Register(OpRegistry r)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.Add("RandomUniform", "random_uniform", (0, 0), (1, 1), "dtype:INT high:FLOAT low:FLOAT seed:FLOAT shape:INTS!", (s, i) => new RandomOp(s, i));
        r.Add("RandomNormal", "random_normal", (0, 0), (1, 1), "dtype:INT mean:FLOAT scale:FLOAT seed:FLOAT shape:INTS!", (s, i) => new RandomOp(s, i));
        r.Add("RandomUniformLike", "random_uniform_like", (1, 1), (1, 1), "dtype:INT high:FLOAT low:FLOAT seed:FLOAT", (s, i) => new RandomLikeOp(s, i));
        r.Add("RandomNormalLike", "random_normal_like", (1, 1), (1, 1), "dtype:INT mean:FLOAT scale:FLOAT seed:FLOAT", (s, i) => new RandomLikeOp(s, i));
        r.Add("Bernoulli", "bernoulli", (1, 1), (1, 1), "dtype:INT seed:FLOAT", (s, i) => new RandomLikeOp(s, i));
        r.Add("Multinomial", "multinomial", (1, 1), (1, 1), "dtype:INT sample_size:INT seed:FLOAT", (s, i) => new MultinomialOp(s, i));
        r.Add("Det", "det", (1, 1), (1, 1), "", (s, i) => new DetOp(s, i));
        r.Add("StringNormalizer", "string_normalizer", (1, 1), (1, 1), "case_change_action:STRING is_case_sensitive:INT locale:STRING stopwords:STRINGS",
            (s, i) => new StringNormalizerOp(s, i));
        r.Add("TfIdfVectorizer", "tf_idf_vectorizer", (1, 1), (1, 1),
            "max_gram_length:INT! max_skip_count:INT! min_gram_length:INT! mode:STRING! ngram_counts:INTS! ngram_indexes:INTS! "
            + "pool_int64s:INTS pool_strings:STRINGS weights:FLOATS",
            (s, i) => new TfIdfVectorizerOp(s, i));
        r.Add("Adagrad", "adagrad", (3, OpSchema.Variadic), (1, OpSchema.Variadic), "decay_factor:FLOAT epsilon:FLOAT norm_coefficient:FLOAT",
            (s, i) => new OptimizerOp(s, i), domain: Training);
        r.Add("Adam", "adam", (3, OpSchema.Variadic), (1, OpSchema.Variadic),
            "alpha:FLOAT beta:FLOAT epsilon:FLOAT norm_coefficient:FLOAT norm_coefficient_post:FLOAT",
            (s, i) => new OptimizerOp(s, i), domain: Training);
        r.Add("Momentum", "momentum", (3, OpSchema.Variadic), (1, OpSchema.Variadic), "alpha:FLOAT! beta:FLOAT! mode:STRING! norm_coefficient:FLOAT!",
            (s, i) => new OptimizerOp(s, i), domain: Training);
        r.Add("Gradient", "gradient", (1, OpSchema.Variadic), (1, OpSchema.Variadic), "xs:STRINGS! y:STRING! zs:STRINGS",
            (s, i) => new GradientOp(s, i), domain: Training);
    }
}
