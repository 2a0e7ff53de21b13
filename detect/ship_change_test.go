package detect

import (
	"testing"
	"time"

	"github.com/mosaic-sec/mosaic"
)

func shipment(emp string, to mosaic.Address, changed time.Time) mosaic.Shipment {
	return mosaic.Shipment{
		ID: "S1", EmployeeID: emp, AssetTag: "AT-1", ShipTo: to,
		ShippedAt: t0.Add(72 * time.Hour), AddressChangeRequestedAt: changed,
		AddressChangeReason: "staying with a friend",
		Origin:              mosaic.Origin{File: "shipments.csv", Line: 2},
	}
}

func TestLateShipAddressChange(t *testing.T) {
	d := lateShipAddressChange{}
	home := mosaic.Address{Line1: "1 Home St", City: "Phoenix", Region: "AZ", PostalCode: "85001", Country: "US"}
	farm := mosaic.Address{Line1: "77 Farm Rd", City: "Tempe", Region: "AZ", PostalCode: "85281", Country: "US"}
	emp := employee("E1", "", "Ann", "Lee", "Engineer")
	t.Run("changed two days before shipping to an address not on file: fires", func(t *testing.T) {
		got := run(t, d, emp, shipment("E1", farm, t0.Add(24*time.Hour)))
		if len(got["S-E1"]) != 1 {
			t.Fatalf("want one signal, got %v", got)
		}
	})
	t.Run("never changed: quiet", func(t *testing.T) {
		if got := run(t, d, emp, shipment("E1", farm, time.Time{})); len(got) != 0 {
			t.Fatalf("flagged: %v", got)
		}
	})
	t.Run("changed to the home address on file: quiet", func(t *testing.T) {
		if got := run(t, d, emp, shipment("E1", home, t0.Add(24*time.Hour))); len(got) != 0 {
			t.Fatalf("flagged: %v", got)
		}
	})
	t.Run("changed long before shipping: quiet", func(t *testing.T) {
		if got := run(t, d, emp, shipment("E1", farm, t0.Add(-30*24*time.Hour))); len(got) != 0 {
			t.Fatalf("flagged: %v", got)
		}
	})
}
