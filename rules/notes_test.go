package rules

import "testing"

// Note rules must work on how people write, not on one sample: these are
// phrasings invented for the test, beside the cases in the YAML files.
func TestNotePhrasings(t *testing.T) {
	s := mustBuiltin(t)
	tests := []struct {
		rule  string
		on    string
		text  string
		fires bool
	}{
		{"hiring.interview_camera_refused", "application", "Declined video, said his webcam drivers were broken.", true},
		{"hiring.interview_camera_refused", "application", "cam off the entire time, only audio", true},
		{"hiring.interview_camera_refused", "application", "Wouldn't switch on the camera even when asked twice", true},
		{"hiring.interview_camera_refused", "application", "Interview was phone only at candidate's request.", true},
		{"hiring.interview_camera_refused", "application", "She was hesitant to turn on video; camera stayed off.", true},
		{"hiring.interview_camera_refused", "application", "No camera issues, very engaged.", false},
		{"hiring.interview_camera_refused", "application", "Camera trouble at first; follow-up call the next day went well on camera.", false},
		{"hiring.interview_camera_refused", "application", "Great energy on video, clear examples.", false},
		{"hiring.interview_face_mismatch", "application", "The guy on the call did not resemble his LinkedIn photo.", true},
		{"hiring.interview_face_mismatch", "application", "Looked nothing like the ID he sent.", true},
		{"hiring.interview_face_mismatch", "application", "Possible deepfake - face warped when he raised his hand.", true},
		{"hiring.interview_face_mismatch", "application", "Photo matches the person; ID verified by HR.", false},
		{"hiring.interview_voice_mismatch", "application", "Lips didn't match the words at several points; voice seemed synthetic.", true},
		{"hiring.interview_voice_mismatch", "application", "Different voice than on the recruiter screen.", true},
		{"hiring.interview_voice_mismatch", "application", "Voice sounded off because of a cheap microphone; same person as screen.", false},
		{"hiring.interview_answers_coached", "application", "Clearly reading answers off a second monitor.", true},
		{"hiring.interview_answers_coached", "application", "Heard another person in the room feeding him answers.", true},
		{"hiring.interview_answers_coached", "application", "Responses felt like ChatGPT - generic and perfect.", true},
		{"hiring.interview_answers_coached", "application", "Answers sounded scripted and rehearsed.", true},
		{"hiring.interview_answers_coached", "application", "He read the problem statement aloud then solved it.", false},
		{"hiring.interview_answers_coached", "application", "Thoughtful answers, took notes while I described the role.", false},
		{"hiring.references_unverifiable", "application", "Unable to reach any of the references; emails bounced.", true},
		{"hiring.references_unverifiable", "application", "Referee's phone went to voicemail repeatedly, never called back.", true},
		{"hiring.references_unverifiable", "application", "Spoke with both references, positive feedback.", false},
		{"hr.voice_differs_from_interview", "employee", "Sounds like someone else on our 1:1s compared to the hiring loop.", true},
		{"hr.voice_differs_from_interview", "employee", "Voice was a bit different - he's getting over the flu.", false},
		{"hr.unreachable_in_working_hours", "employee", "Never responds on Slack before 6pm his time.", true},
		{"hr.unreachable_in_working_hours", "employee", "Unresponsive Tuesday because of a family emergency.", false},
		{"hr.declines_video", "employee", "Refuses to turn on his camera in any meeting.", true},
		{"hr.declines_video", "employee", "Nobody turns on cameras in our standup, so no signal there.", false},
		{"hr.asks_to_ship_laptop_elsewhere", "employee", "Requested that we reroute the new MacBook to his cousin's place in another city.", true},
		{"hr.asks_to_ship_laptop_elsewhere", "employee", "Asked for a freight forwarder address for the monitor.", true},
		{"hr.asks_to_ship_laptop_elsewhere", "employee", "Laptop shipped to her home on file.", false},
		{"hr.someone_else_does_the_work", "employee", "Can't walk me through his own PRs; writing style in Slack swings between two people.", true},
		{"hr.someone_else_does_the_work", "employee", "Shares his credentials with a friend who does the tickets.", true},
		{"hr.someone_else_does_the_work", "employee", "Paired with Ana all week, code review went smoothly.", false},
	}
	for _, tt := range tests {
		f, err := s.Evaluate(ScopeNote, map[string]any{"note": map[string]any{
			"on": tt.on, "author_role": "manager", "text": tt.text,
		}})
		if err != nil {
			t.Fatalf("%s: %v", tt.text, err)
		}
		fired := false
		for _, x := range f {
			if x.Rule.ID == tt.rule {
				fired = true
			}
		}
		if fired != tt.fires {
			t.Errorf("%s on %q: fired=%v, want %v", tt.rule, tt.text, fired, tt.fires)
		}
	}
}
