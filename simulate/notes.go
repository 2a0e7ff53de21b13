package simulate

import "sort"

var interviewPass = []string{
	"Strong system design answers; clear communicator.", "Solid fundamentals, good questions about the team.",
	"Walked through a past incident in detail; owns their work.", "Good coding round, clean and tested solution.",
	"Thoughtful about trade-offs; would be a good fit for the platform team.", "Great energy, knows the stack well.",
	"Explained their open-source contributions convincingly.", "Pairing exercise went well, asked clarifying questions early.",
	"Recommend moving forward; strong on debugging.", "Clear, concise answers; references to real projects checked out.",
}

var interviewWeak = []string{
	"Struggled with the concurrency question, otherwise fine.", "Not enough depth on distributed systems for senior level.",
	"Nervous at first, warmed up; borderline for this level.", "Coding round incomplete; good communication though.",
	"Salary expectations well above band.", "Prefers an on-site role; may not be a fit for remote.",
}

// interviewFlags are the many ways interviewers describe a proxy or a
// persona; the public record is full of them, never in the same words.
var interviewFlags = []string{
	"Candidate kept the camera off the whole call, said the webcam driver was broken.",
	"Refused to turn on video; audio had a noticeable delay and a lot of background chatter.",
	"Person on the video call did not look like the photo on the application.",
	"Face on camera looked different from the LinkedIn picture; lighting was very dark.",
	"Answers sounded read from a script; long pauses before every question and eyes moving across the screen.",
	"Seemed to be reading answers off another screen; could not go off-script on follow-ups.",
	"Voice on the technical round was not the same voice as on the recruiter screen.",
	"Background noise like a call centre, several other voices speaking.",
	"Could not name the city they live in or the neighbourhood when making small talk.",
	"Claims to be in Texas but didn't know the local time when asked.",
	"Used a virtual background and froze every time we asked a follow-up question.",
	"Video feed looked like a deepfake filter, lips out of sync with audio.",
	"Resume lists five years at a company they could not describe at all.",
	"Asked to move the interview to chat only; declined a second video call.",
	"Lag of several seconds on every answer, as if relayed through someone else.",
	"Strong on paper but very vague about past projects; kept repeating keywords.",
	"Insisted on being paid as a contractor through a third party; evasive about location.",
	"When asked to hold ID up to the camera, connection dropped and they rejoined audio-only.",
}

var cameraOffBenign = []struct{ first, followup string }{
	{"Candidate joined audio-only because of a power outage at home; offered to reschedule.", "Rescheduled video interview went fine; strong candidate."},
	{"Camera wouldn't work on the candidate's laptop; we continued by phone.", "Follow-up video call went well, identity confirmed."},
	{"Joined from a car on the phone, no video (childcare issue).", "Video round the next day was great; recommend moving forward."},
	{"Bandwidth too poor for video, switched to audio.", "Re-did the interview on video, no concerns."},
}

var managerObservations = []string{
	"New hire's voice sounds different from the person we interviewed.",
	"Unreachable during core hours most days; replies arrive around 2-5am our time.",
	"Declines every request to turn on video in standups, always has an excuse.",
	"Asked IT to ship the replacement laptop to a different address than the one on file.",
	"Code quality and communication style changed abruptly after the first month.",
	"Commits land in bursts at odd hours; cannot explain their own pull requests on calls.",
	"Seems to be working several jobs; misses meetings, slow to respond on Slack.",
	"Teammates say the person on calls speaks very differently from their chat messages.",
	"Requested pay to a new account weeks after starting; pushy about it.",
	"Never available for a quick call; always asks to communicate in writing.",
}

var itApprovals = []string{
	"Approved remote support tool for helpdesk duties.", "Remote access tool installed per IT policy for on-call support.",
	"Exception granted: remote desktop software needed for lab management.", "Screen-sharing agent deployed by IT for support rotation.",
}

// buildNotes writes the recruiter, interviewer, manager and IT notes.
func (w *world) buildNotes(r randSource) {
	add := func(n note) { w.notes = append(w.notes, n) }
	at := func(base int64) int64 { return base + int64(between(r, 1, 9))*day + int64(between(r, 14*60, 23*60))*60 }
	for _, p := range w.people {
		if len(p.apps) == 0 {
			continue
		}
		for k, ai := range p.apps {
			a := &w.apps[ai]
			hiredHere := ai == p.hireApp
			switch {
			case p.ring >= 0 && p.tags.has(techInterviewFlags) && (hiredHere || k == 0 || chance(r, 0.3)):
				add(note{app: ai, emp: -1, at: at(a.submitted), author: "interviewer", kind: "interview",
					outcome: pick(r, []string{"concern", "concern", "fail", "pass"}), text: pick(r, interviewFlags)})
			case p.tags.has(tagCameraOffBenign) && k == 0:
				c := pick(r, cameraOffBenign)
				t := at(a.submitted)
				add(note{app: ai, emp: -1, at: t, author: "interviewer", kind: "interview", outcome: "concern", text: c.first})
				add(note{app: ai, emp: -1, at: t + int64(between(r, 1, 4))*day, author: "interviewer", kind: "interview", outcome: "pass", text: c.followup})
			case hiredHere || chance(r, 0.08):
				if hiredHere || chance(r, 0.7) {
					add(note{app: ai, emp: -1, at: at(a.submitted), author: "interviewer", kind: "interview", outcome: "pass", text: pick(r, interviewPass)})
				} else {
					add(note{app: ai, emp: -1, at: at(a.submitted), author: "interviewer", kind: "interview", outcome: pick(r, []string{"concern", "fail"}), text: pick(r, interviewWeak)})
				}
			}
			if hiredHere && chance(r, 0.4) {
				text := "Both references confirmed dates and role."
				outcome := "pass"
				if p.tags.has(techRecycledReferences) && chance(r, 0.4) {
					text, outcome = pick(r, []string{"First reference replied by email only; second did not answer.", "Reference answered quickly with generic praise; could not recall project names."}), "none"
				}
				add(note{app: ai, emp: -1, at: at(a.submitted) + 2*day, author: "recruiter", kind: "reference_check", outcome: outcome, text: text})
			}
		}
	}
	for _, e := range w.emps {
		p := w.people[e.person]
		if p.hireApp >= 0 && chance(r, 0.5) {
			add(note{app: -1, emp: e.idx, at: e.hire - 3*day + 15*3600, author: "recruiter", kind: "background_check", outcome: "pass", text: "Background check clear."})
		}
		if p.tags.has(techManagerObservation) {
			for k := between(r, 1, 2); k > 0; k-- {
				t := e.hire + int64(between(r, 10, 45))*day + int64(between(r, 15, 23))*3600
				add(note{app: -1, emp: e.idx, at: t, author: "manager", kind: "observation", outcome: "concern", text: pick(r, managerObservations)})
			}
		}
		if p.tags.has(tagITStaff) && chance(r, 0.6) {
			add(note{app: -1, emp: e.idx, at: max(e.hire, w.start) + int64(between(r, 1, 20))*day + 16*3600, author: "it", kind: "observation", outcome: "none", text: pick(r, itApprovals)})
		}
	}
	sort.SliceStable(w.notes, func(i, k int) bool { return w.notes[i].at < w.notes[k].at })
}
