using Seatwise.Core.Contracts;
using Seatwise.Core.Inventory;

namespace Seatwise.Core.Reconciliation;

/// <summary>
/// Which contract covers a (source, product key) and what each product is, shared by the contract reconciler and
/// the tenant seat rules so that both read a product key the same way (case-insensitive within a source).
/// </summary>
public sealed class ProductIndex
{
    private readonly Dictionary<(string Source, string ProductKey), Contract> _contractByProduct = new(ProductKeyComparer.Instance);
    private readonly Dictionary<(string Source, string ProductKey), Product> _products = new(ProductKeyComparer.Instance);

    public ProductIndex(IEnumerable<Contract> contracts, IEnumerable<Product> products)
    {
        // Deterministic when two contracts name one product: the contract with the smallest id wins.
        foreach (var contract in contracts.OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            foreach (var key in contract.ProductKeys)
            {
                _contractByProduct.TryAdd((contract.Source, key), contract);
            }
        }

        foreach (var product in products)
        {
            _products[(product.Source, product.ProductKey)] = product;
        }
    }

    public Contract? Covering(string source, string productKey) =>
        _contractByProduct.TryGetValue((source, productKey), out var contract) ? contract : null;

    public Product? Product(string source, string productKey) =>
        _products.TryGetValue((source, productKey), out var product) ? product : null;

    /// <summary>The enabled units the source reports for a contract's products; null when it reports none.</summary>
    public int? Entitlement(Contract contract)
    {
        int? total = null;
        foreach (var key in contract.ProductKeys)
        {
            if (Product(contract.Source, key)?.EnabledUnits is { } units)
            {
                total = (total ?? 0) + units;
            }
        }

        return total;
    }

    /// <summary>The consumed units the source reports for a contract's products; 0 when it reports none.</summary>
    public int Consumed(Contract contract) =>
        contract.ProductKeys.Sum(key => Product(contract.Source, key)?.ConsumedUnits ?? 0);

    private sealed class ProductKeyComparer : IEqualityComparer<(string Source, string ProductKey)>
    {
        public static readonly ProductKeyComparer Instance = new();

        public bool Equals((string Source, string ProductKey) x, (string Source, string ProductKey) y) =>
            string.Equals(x.Source, y.Source, StringComparison.Ordinal) &&
            string.Equals(x.ProductKey, y.ProductKey, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((string Source, string ProductKey) obj) =>
            HashCode.Combine(obj.Source, StringComparer.OrdinalIgnoreCase.GetHashCode(obj.ProductKey));
    }
}
