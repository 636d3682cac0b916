//! The learning layer on segments built from texts: ranking, similarity, empty cases.

use super::ranker::SplitMix;
use super::*;
use crate::annotations::{FindingId, ReviewState};
use crate::eval::Truth;
use crate::rules::Category;

const CHATTER: [&str; 24] = [
    "dinner", "tonight", "mum", "called", "football", "match", "weekend", "train", "late", "coffee", "school", "kids",
    "birthday", "party", "shopping", "bread", "rain", "holiday", "beach", "movie", "work", "boss", "meeting", "garden",
];

/// `n` chatter conversations of `len` messages of four everyday words each.
fn chatter(n: u64, len: usize, seed: u64) -> Vec<(u64, Vec<String>)> {
    let mut rng = SplitMix(seed);
    (0..n)
        .map(|c| {
            let texts = (0..len)
                .map(|_| (0..4).map(|_| CHATTER[rng.below(CHATTER.len())]).collect::<Vec<_>>().join(" "))
                .collect();
            (1000 + c, texts)
        })
        .collect()
}

fn build(conversations: &[(u64, Vec<String>)]) -> Segments {
    Segments::from_conversations(
        conversations.iter().map(|(c, texts)| (*c, texts.iter().map(String::as_str).collect())),
        SegmentOptions { window: 5 },
    )
}

fn weapons_talk(variant: &str) -> Vec<String> {
    vec![
        format!("the kalash and two magazines are ready {variant}"),
        "bring the cash for the rifle".into(),
        format!("ammunition box in the van {variant}"),
        "untraceable pistol with silencer".into(),
    ]
}

#[test]
fn nothing_to_learn_from_is_no_suggestion_and_no_panic() {
    let empty = Segments::default();
    let report = suggest(&empty, &[], &[], &SuggestOptions::default()).unwrap();
    assert!(report.suggestions.is_empty() && report.models.is_empty());
    let truth = Truth { planted: Vec::new(), hard_negatives: Vec::new() };
    let mut points = 0;
    simulate(&empty, &truth, &[], &SimulationOptions::default(), &mut |_| {
        points += 1;
        Ok(())
    })
    .unwrap();
    assert_eq!(points, 0);
    assert!(similar(&empty, &Profile::of_texts(&empty, ["kalash"]), 10).is_empty());
    // Segments but no review and no rule hit: nothing to learn from either.
    let segments = build(&chatter(20, 12, 1));
    assert!(suggest(&segments, &[], &[], &SuggestOptions::default()).unwrap().suggestions.is_empty());
    // A review of a conversation the case does not hold is ignored.
    let unknown = [(FindingId { category: Category::Weapons, conversation: 7 }, ReviewState::Confirmed)];
    assert_eq!(suggest(&segments, &[], &unknown, &SuggestOptions::default()).unwrap().reviews_used, 0);
}

#[test]
fn a_confirmed_review_ranks_an_unflagged_look_alike_above_chatter() {
    let mut conversations = chatter(300, 12, 2);
    conversations.push((1, weapons_talk("tonight")));
    conversations.push((2, weapons_talk("tomorrow")));
    let segments = build(&conversations);
    let reviews = [(FindingId { category: Category::Weapons, conversation: 1 }, ReviewState::Confirmed)];
    let options = SuggestOptions { categories: vec![Category::Weapons], ..SuggestOptions::default() };
    let report = suggest(&segments, &[], &reviews, &options).unwrap();
    assert_eq!(report.reviews_used, 1);
    let first = report.suggestions.first().expect("a suggestion");
    assert_eq!(first.finding, FindingId { category: Category::Weapons, conversation: 2 });
    assert!(!first.flagged);
    assert!(
        report.suggestions.iter().all(|s| s.finding.conversation != 1),
        "the reviewed conversation is not suggested"
    );
    if let Some(second) = report.suggestions.get(1) {
        assert!(first.probability > second.probability, "{first:?} {second:?}");
    }
    // A dismissal of the look-alike takes it out of the suggestions.
    let mut reviews = reviews.to_vec();
    reviews.push((FindingId { category: Category::Weapons, conversation: 2 }, ReviewState::Dismissed));
    let report = suggest(&segments, &[], &reviews, &options).unwrap();
    assert!(report.suggestions.iter().all(|s| s.finding.conversation > 2));
}

#[test]
fn similar_ranks_the_sibling_first_and_leaves_the_seed_out() {
    let mut conversations = chatter(200, 12, 3);
    conversations.push((1, weapons_talk("tonight")));
    conversations.push((2, weapons_talk("tomorrow")));
    let segments = build(&conversations);
    let texts = weapons_talk("tonight");
    let mut profile = Profile::of_texts(&segments, texts.iter().map(String::as_str));
    profile.covers.insert(1);
    let ranked = similar(&segments, &profile, 5);
    assert_eq!(ranked.first().map(|r| r.conversation), Some(2), "{ranked:?}");
    assert!(ranked.iter().all(|r| r.conversation != 1));
    assert!(ranked.windows(2).all(|w| w[0].score >= w[1].score));
}

#[test]
fn vocabulary_is_chosen_by_relevance_to_the_positives() {
    let mut conversations = chatter(300, 12, 4);
    conversations.push((1, weapons_talk("tonight")));
    let segments = build(&conversations);
    let positives: Vec<usize> = segments.of_conversation(1).collect();
    let vocabulary = classifier::select_vocabulary(&segments, &positives, 50);
    let mut names = Vec::new();
    let mut featurizer = features::Featurizer::default();
    for t in weapons_talk("tonight").iter().chain(CHATTER.map(String::from).iter()) {
        featurizer.named(t, &mut names);
    }
    let chosen: Vec<&str> = names.iter().filter(|(f, _)| vocabulary.contains(f)).map(|(_, n)| n.as_str()).collect();
    assert!(chosen.contains(&"kalash"), "{chosen:?}");
    assert!(!chosen.contains(&"dinner") && !chosen.contains(&"football"), "{chosen:?}");
}

#[test]
fn handicaps_parse_and_halve() {
    let rules = crate::rules::builtin().unwrap();
    let half = "half".parse::<Handicap>().unwrap().apply(&rules);
    assert!(half.len() * 2 >= rules.len() && half.len() < rules.len());
    let fr = "lang:fr".parse::<Handicap>().unwrap().apply(&rules);
    assert!(fr.rules.iter().all(|r| r.languages.iter().any(|l| l == "fr")));
    assert!("lang:de".parse::<Handicap>().is_err() && "all".parse::<Handicap>().is_err());
}
