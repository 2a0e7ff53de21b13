package simulate

// tag names a confounder or technique a person carries; truth.csv lists them
// so false positives and misses can be analysed per cause.
type tag uint8

const (
	tagRoster tag = iota
	tagRepeat
	tagHousehold
	tagBuilding
	tagNamesake
	tagAgency
	tagBootcamp
	tagAbroadDeclared
	tagITStaff
	tagTraveler
	tagConsumerVPN
	tagNightOwl
	tagRealMove
	tagPayoneerContractor
	tagBilingualKeyboard
	tagCameraOffBenign
	tagFormerTeam
	tagPopularReferee
	tagSchoolCohort
	tagRehire
	tagConvertedContractor
	tagCouple
	tagNameChange

	// Ring techniques.
	techSharedPhone
	techRecycledReferences
	techTemplateResume
	techPhotoBackground
	techVPNSubmit
	techBurstApply
	techInterviewFlags
	techLaptopFarm
	techAddressChange
	techRMM
	techIPKVM
	techVPNSignin
	techKSTHours
	techSharedBank
	techPayoutPlatform
	techSharedSSN
	techManagerObservation
	tagCount
)

const firstTechnique = techSharedPhone

// noTag is what techniqueIndex returns for an unknown name.
const noTag tag = 255

var tagNames = [tagCount]string{
	"roster", "repeat", "household", "building", "namesake", "agency", "bootcamp", "abroad_declared",
	"it_staff", "traveler", "consumer_vpn", "night_owl", "real_move", "payoneer_contractor",
	"bilingual_keyboard", "camera_off_benign", "former_team", "popular_referee",
	"school_cohort", "rehire", "converted_contractor", "couple", "name_change",
	"shared_phone", "recycled_references", "template_resume", "photo_background", "vpn_submit",
	"burst_apply", "interview_flags", "laptop_farm", "address_change", "rmm", "ipkvm", "vpn_signin",
	"kst_hours", "shared_bank", "payout_platform", "shared_ssn", "manager_observation",
}

// tagSet is a set of tags; its String order is the table order above.
type tagSet uint64

func (s tagSet) has(t tag) bool { return s&(1<<t) != 0 }
func (s *tagSet) add(t tag)     { *s |= 1 << t }
func (s tagSet) names() []string {
	var out []string
	for t := tag(0); t < tagCount; t++ {
		if s.has(t) {
			out = append(out, tagNames[t])
		}
	}
	return out
}

// allTechniques lists the technique names a Config may ask for.
func allTechniques() []string {
	var out []string
	for t := firstTechnique; t < tagCount; t++ {
		out = append(out, tagNames[t])
	}
	return out
}

func techniqueIndex(name string) tag {
	for t := firstTechnique; t < tagCount; t++ {
		if tagNames[t] == name {
			return t
		}
	}
	return noTag
}
