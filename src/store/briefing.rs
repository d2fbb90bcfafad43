//! The briefing query: what the human formats (Markdown, HTML, DOCX) show of the whole dossier,
//! a topic or a list of articles, gathered in time and memory that stay modest at a million
//! articles. The complete summary (`Store::summary`, for JSON and CSV) reads every article's
//! text and keeps every quote; a briefing shows a few actors, a few quotes and the sources they
//! cite, so it needs much less:
//!
//! 1. the articles in scope with their dates from the date index, and their outlets from the
//!    outlet index (never the article rows);
//! 2. one pass over the mentions and the quotes in scope, in article order, that counts each
//!    actor's mentions, articles, dates, quotes said and quotes naming them (so every actor's
//!    salience is exact) and keeps a small record of each quote: speaker, kind, confidence and
//!    the actors named inside;
//! 3. the leading actors' aliases, roles and affiliations, read through their own indexes;
//! 4. quote texts only for quotes that can still be among those shown. A quote's score is its
//!    confidence, speaker, kind and names (known from the record) times a length factor of at
//!    most 1 (known from the text), so the record alone bounds the score from above: quotes are
//!    read best bound first, and reading stops once every quote left is bound to score lower
//!    than those already chosen;
//! 5. the sources: every article up to [`crate::export::SOURCES_LISTED`], else the ones the
//!    briefing cites.
//!
//! A briefing renders exactly as the complete summary does, apart from that shorter source list
//! (tests compare the two). An actor's own summary shows everything, so for an actor focus the
//! briefing is the complete summary.

use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, BinaryHeap, HashMap, HashSet};

use rusqlite::OptionalExtension;

use crate::export::rank::{self, KeyQuotes, SpeakerKey};
use crate::export::{
    self, ActorRef, Citation, Focus, MonthCount, Options, SCHEMA_VERSION, Scope, SourceArticle,
    SpeakerGroup, Summary, SummaryActor, SummaryQuote, SummaryTopic, Totals,
};
use crate::model::{ActorKind, Span};

use super::summary::{Fact, Facts, Head, offset, round3};
use super::{ActorId, ArticleId, QuoteId, Result, Store};

/// Where an article stands in the scope: its place in date order (undated last, then by id)
/// and its date.
#[derive(Clone, Copy)]
struct Place {
    pos: u32,
    /// Index into the sorted distinct dates; `None` when undated.
    date: Option<u32>,
}

/// An actor's counts over the scope.
#[derive(Default)]
struct Tally {
    mentions: u64,
    articles: u64,
    last_article: Option<ArticleId>,
    first: Option<u32>,
    last: Option<u32>,
    quotes_by: u64,
    quotes_about: u64,
}

/// Who said a quote, as the briefing groups it.
#[derive(Clone, Copy, PartialEq)]
enum Speaker {
    Actor(ActorId),
    /// Index into the described-speaker groups.
    Described(u32),
    Unknown,
}

/// What the pass over the quotes keeps of each: enough to bound its score and to find it
/// again, never its text.
struct Lite {
    id: QuoteId,
    article: ArticleId,
    pos: u32,
    start: u32,
    speaker: Speaker,
    direct: bool,
    confidence: f64,
    /// The actors named inside, in text order, without the speaker: `names[from..from + len]`.
    names_from: u32,
    names_len: u16,
}

/// A group of quotes whose speaker is a description, while the pass runs.
struct Group {
    key: String,
    description: String,
    count: u64,
    /// Where its first quote stands (date order, offset, id): ties in size keep this order.
    first: (u32, u32, QuoteId),
}

/// The order in which quotes are read: best bound first, then the older id.
#[derive(PartialEq)]
struct Bound {
    bound: f64,
    id: QuoteId,
    lite: usize,
}

impl Eq for Bound {}

impl Ord for Bound {
    fn cmp(&self, other: &Self) -> Ordering {
        self.bound
            .total_cmp(&other.bound)
            .then(other.id.cmp(&self.id))
    }
}

impl PartialOrd for Bound {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// What a consumer of quotes in score order says after each.
enum Step {
    More,
    Enough,
}

/// Offers a quote to a list being filled; reading stops once the list is full.
fn fill(shown: &mut rank::Distinct, q: &SummaryQuote) -> Step {
    shown.offer(q);
    if shown.full() {
        Step::Enough
    } else {
        Step::More
    }
}

/// Everything the passes found, for the quote reading and the assembly.
struct Pass {
    places: HashMap<ArticleId, Place>,
    dates: Vec<String>,
    lites: Vec<Lite>,
    names: Vec<ActorId>,
    groups: Vec<Group>,
    salience: HashMap<ActorId, f64>,
    top: f64,
}

impl Pass {
    fn date(&self, article: ArticleId) -> Option<&str> {
        let d = self.places.get(&article)?.date?;
        self.dates.get(d as usize).map(String::as_str)
    }

    fn speaker_key(&self, speaker: Speaker) -> SpeakerKey {
        match speaker {
            Speaker::Actor(id) => SpeakerKey::Actor(id),
            Speaker::Described(g) => SpeakerKey::Described(
                self.groups
                    .get(g as usize)
                    .map(|g| g.key.clone())
                    .unwrap_or_default(),
            ),
            Speaker::Unknown => SpeakerKey::Unknown,
        }
    }

    /// The upper bound of a quote's score (see the module notes).
    fn bound(&self, lite: &Lite) -> f64 {
        let speaker = match lite.speaker {
            Speaker::Actor(id) => SpeakerKey::Actor(id),
            // Every description weighs the same: its words do not matter here.
            Speaker::Described(_) => SpeakerKey::Described(String::new()),
            Speaker::Unknown => SpeakerKey::Unknown,
        };
        rank::quote_base(
            lite.confidence,
            &speaker,
            &|id| self.salience.get(&id).copied().unwrap_or(0.0),
            self.top,
            lite.direct,
            usize::from(lite.names_len),
        )
    }
}

/// Year and month (`YYYY-MM`) of an ISO date.
fn month_of(date: &str) -> Option<&str> {
    let m = date.get(..7)?;
    let b = m.as_bytes();
    b.iter()
        .enumerate()
        .all(|(i, c)| {
            if i == 4 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
        .then_some(m)
}

impl Store {
    /// What the human formats show of `scope` (see the module notes): the leading actors, the
    /// quotes shown and the sources cited, with every total of the complete summary.
    pub fn briefing(&self, scope: &Scope, opts: &Options) -> Result<Summary> {
        self.briefing_listing(scope, opts, export::SOURCES_LISTED)
    }

    /// [`Store::briefing`] listing every source up to `listed` articles (tests use small
    /// numbers).
    #[doc(hidden)]
    pub fn briefing_listing(
        &self,
        scope: &Scope,
        opts: &Options,
        listed: usize,
    ) -> Result<Summary> {
        if matches!(scope.focus, Focus::Actor(_) | Focus::Actors(_)) {
            // An actor's own summary shows everything it has.
            return self.summary(scope);
        }
        let tx = self.conn.unchecked_transaction()?;
        let result = self.gather_briefing(scope, opts, listed);
        let dropped = self.conn.execute_batch(
            "DROP TABLE IF EXISTS temp.summary_scope; DROP TABLE IF EXISTS temp.summary_focus;",
        );
        tx.commit()?;
        let summary = result?;
        dropped?;
        Ok(summary)
    }

    fn gather_briefing(&self, scope: &Scope, opts: &Options, listed: usize) -> Result<Summary> {
        let c = &self.conn;
        // The whole dossier needs no list of its articles: every row is in scope.
        let everything =
            matches!(scope.focus, Focus::Dossier) && scope.from.is_none() && scope.to.is_none();
        let head: Head = self.summary_head(scope, !everything)?;
        let in_scope: Option<HashSet<ArticleId>> = if everything {
            None
        } else {
            Some(
                c.prepare("SELECT id FROM temp.summary_scope")?
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?,
            )
        };
        let wanted = |id: &ArticleId| in_scope.as_ref().is_none_or(|s| s.contains(id));

        // 1. Articles and their dates (the date index holds both), in date order.
        let mut raw: Vec<(ArticleId, Option<String>)> = Vec::new();
        {
            let mut stmt = c.prepare("SELECT id, date FROM articles")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let id: ArticleId = r.get(0)?;
                if wanted(&id) {
                    raw.push((id, r.get(1)?));
                }
            }
        }
        let mut dates: Vec<String> = raw.iter().filter_map(|a| a.1.clone()).collect();
        dates.sort_unstable();
        dates.dedup();
        let date_ix: HashMap<&str, u32> = dates
            .iter()
            .enumerate()
            .map(|(i, d)| (d.as_str(), i as u32))
            .collect();
        let mut order: Vec<(Option<u32>, ArticleId)> = raw
            .iter()
            .map(|(id, d)| (d.as_deref().and_then(|d| date_ix.get(d).copied()), *id))
            .collect();
        drop(raw);
        order.sort_unstable_by_key(|&(d, id)| (d.is_none(), d, id));
        let places: HashMap<ArticleId, Place> = order
            .iter()
            .enumerate()
            .map(|(pos, &(date, id))| {
                (
                    id,
                    Place {
                        pos: pos as u32,
                        date,
                    },
                )
            })
            .collect();
        // Articles, mentions and quotes per article date; by month at the end.
        let mut month_counts: HashMap<u32, (u64, u64, u64)> = HashMap::new();
        for &(date, _) in &order {
            if let Some(d) = date {
                month_counts.entry(d).or_default().0 += 1;
            }
        }
        let total_articles = order.len() as u64;
        let undated = order.iter().filter(|a| a.0.is_none()).count() as u64;
        let first_date = order
            .iter()
            .filter_map(|a| a.0)
            .min()
            .and_then(|d| dates.get(d as usize).cloned());
        let last_date = order
            .iter()
            .filter_map(|a| a.0)
            .max()
            .and_then(|d| dates.get(d as usize).cloned());
        drop(order);

        // Outlets from their index.
        let mut outlets: HashSet<String> = HashSet::new();
        {
            let mut stmt = c.prepare("SELECT id, source FROM articles WHERE source IS NOT NULL")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let id: ArticleId = r.get(0)?;
                if !wanted(&id) {
                    continue;
                }
                let folded = export::one_line(r.get_ref(1)?.as_str().unwrap_or("")).to_lowercase();
                if !folded.is_empty() {
                    outlets.insert(folded);
                }
            }
        }

        // 2. One pass over the mentions and quotes in scope, article by article.
        let hidden: HashSet<ActorId> = c
            .prepare("SELECT id FROM actors WHERE hidden != 0")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let scoped = if everything {
            ""
        } else {
            "AND article_id IN (SELECT id FROM temp.summary_scope)"
        };
        let mut mention_stmt = c.prepare(&format!(
            "SELECT article_id, start, end, actor_id FROM mentions
             WHERE actor_id IS NOT NULL {scoped} ORDER BY article_id, start"
        ))?;
        let mut quote_stmt = c.prepare(&format!(
            "SELECT q.id, q.article_id, q.start, q.end, q.direct, q.speaker_id,
                    CASE WHEN q.speaker_id IS NULL THEN q.speaker_text END, q.confidence / 1000.0
             FROM quotes q WHERE q.rejected = 0 {} ORDER BY q.article_id, q.start, q.id",
            scoped.replace("article_id", "q.article_id")
        ))?;
        let mut tallies: HashMap<ActorId, Tally> = HashMap::new();
        let mut lites: Vec<Lite> = Vec::new();
        let mut names: Vec<ActorId> = Vec::new();
        let mut groups: Vec<Group> = Vec::new();
        let mut group_of: HashMap<String, u32> = HashMap::new();
        {
            let mut quotes = quote_stmt.query([])?;
            // A speaker id always names an actor (foreign keys are on); a hidden one shows no
            // speaker at all, as in the complete summary.
            let read_quote = |r: &rusqlite::Row<'_>| {
                quote_row(r).map(|mut q| {
                    if q.speaker_id.is_some_and(|id| hidden.contains(&id)) {
                        q.speaker_id = None;
                    }
                    q
                })
            };
            let mut next_quote = quotes.next()?.map(read_quote).transpose()?;
            let mut mentions = mention_stmt.query([])?;
            let mut article: Option<ArticleId> = None;
            let mut in_article: Vec<(usize, usize, ActorId)> = Vec::new();
            loop {
                let row = mentions.next()?;
                let row_article: Option<ArticleId> = row.map(|r| r.get(0)).transpose()?;
                if row_article != article || row.is_none() {
                    // Every quote up to the end of the article just read: with its mentions
                    // when it is that article, without any when no mention was in its article.
                    while let Some(q) = next_quote.take() {
                        let before = match row_article {
                            Some(next) => q.article < next,
                            None => true,
                        };
                        if !before {
                            next_quote = Some(q);
                            break;
                        }
                        next_quote = quotes.next()?.map(read_quote).transpose()?;
                        let here: &[(usize, usize, ActorId)] = if Some(q.article) == article {
                            &in_article
                        } else {
                            &[]
                        };
                        if let Some(place) = places.get(&q.article).copied() {
                            let speaker = match (q.speaker_id, q.speaker.as_deref()) {
                                (Some(id), _) => Speaker::Actor(id),
                                (None, Some(d)) => {
                                    let key = rank::described_key(d);
                                    if key.is_empty() {
                                        Speaker::Unknown
                                    } else {
                                        let at = (place.pos, q.start as u32, q.id);
                                        let g = *group_of.entry(key.clone()).or_insert_with(|| {
                                            groups.push(Group {
                                                key,
                                                description: export::one_line(d),
                                                count: 0,
                                                first: at,
                                            });
                                            (groups.len() - 1) as u32
                                        });
                                        let group = &mut groups[g as usize];
                                        group.count += 1;
                                        if at < group.first {
                                            group.first = at;
                                            group.description = export::one_line(d);
                                        }
                                        Speaker::Described(g)
                                    }
                                }
                                (None, None) => Speaker::Unknown,
                            };
                            let from = names.len();
                            for &(s, e, actor) in here {
                                if s >= q.start
                                    && e <= q.end
                                    && Some(actor) != q.speaker_id
                                    && !names[from..].contains(&actor)
                                {
                                    names.push(actor);
                                    tallies.entry(actor).or_default().quotes_about += 1;
                                }
                            }
                            if let Some(id) = q.speaker_id {
                                tallies.entry(id).or_default().quotes_by += 1;
                            }
                            if let Some(d) = place.date {
                                month_counts.entry(d).or_default().2 += 1;
                            }
                            lites.push(Lite {
                                id: q.id,
                                article: q.article,
                                pos: place.pos,
                                start: q.start as u32,
                                speaker,
                                direct: q.direct,
                                confidence: round3(q.confidence),
                                names_from: from as u32,
                                names_len: (names.len() - from).min(usize::from(u16::MAX)) as u16,
                            });
                        }
                    }
                    in_article.clear();
                    article = row_article;
                }
                let Some(r) = row else { break };
                let (a, start, end, actor): (ArticleId, i64, i64, ActorId) =
                    (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
                if hidden.contains(&actor) {
                    continue;
                }
                let Some(place) = places.get(&a).copied() else {
                    continue;
                };
                in_article.push((offset(start), offset(end), actor));
                let t = tallies.entry(actor).or_default();
                t.mentions += 1;
                if t.last_article != Some(a) {
                    t.articles += 1;
                    t.last_article = Some(a);
                }
                if let Some(d) = place.date {
                    t.first = Some(t.first.map_or(d, |f| f.min(d)));
                    t.last = Some(t.last.map_or(d, |l| l.max(d)));
                    month_counts.entry(d).or_default().1 += 1;
                }
            }
        }
        // Quote counts of actors never mentioned in scope do not list them.
        tallies.retain(|_, t| t.mentions > 0);

        // Salience of every listed actor, and the leading ones in order.
        let date_str = |d: Option<u32>| d.and_then(|d| dates.get(d as usize)).map(String::as_str);
        let salience: HashMap<ActorId, f64> = tallies
            .iter()
            .map(|(&id, t)| {
                (
                    id,
                    rank::salience(
                        t.mentions,
                        t.quotes_by,
                        t.quotes_about,
                        t.articles,
                        date_str(t.last),
                        first_date.as_deref(),
                        last_date.as_deref(),
                    ),
                )
            })
            .collect();
        let lead_n = opts.top.max(export::brief::BRIEF_ACTORS);
        let mut keys: Vec<(f64, u64, ActorId)> = tallies
            .iter()
            .map(|(&id, t)| (salience.get(&id).copied().unwrap_or(0.0), t.mentions, id))
            .collect();
        keys.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
        // Names decide ties, so every actor tied with the last leading one is a candidate.
        let cut = keys.get(lead_n.saturating_sub(1)).map(|k| (k.0, k.1));
        let candidates: Vec<ActorId> = keys
            .iter()
            .take_while(|k| {
                cut.is_none_or(|(s, m)| k.0.total_cmp(&s).then(k.1.cmp(&m)) != Ordering::Less)
            })
            .map(|k| k.2)
            .collect();
        let top = keys.first().map_or(1.0, |k| k.0);
        let total_mentions: u64 = tallies.values().map(|t| t.mentions).sum();
        let mut actors: Vec<SummaryActor> = Vec::new();
        {
            let mut stmt = c.prepare_cached("SELECT name, kind FROM actors WHERE id = ?1")?;
            for id in candidates {
                let Some(t) = tallies.get(&id) else { continue };
                let Some((name, kind)) = stmt
                    .query_row([id], |r| {
                        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
                    })
                    .optional()?
                else {
                    continue;
                };
                actors.push(SummaryActor {
                    id,
                    rank: 0,
                    name,
                    kind: ActorKind::from_code(&kind).unwrap_or(ActorKind::Org),
                    salience: salience.get(&id).copied().unwrap_or(0.0),
                    prominence: t.mentions.saturating_mul(t.articles),
                    mentions: t.mentions,
                    articles: t.articles,
                    first_seen: date_str(t.first).map(str::to_string),
                    last_seen: date_str(t.last).map(str::to_string),
                    aliases: Vec::new(),
                    roles: Vec::new(),
                    affiliations: Vec::new(),
                    quotes_by: Vec::new(),
                    quotes_about: Vec::new(),
                    representative_quote: None,
                });
            }
        }
        actors.sort_by(rank::actor_order);
        actors.truncate(lead_n);
        for (i, a) in actors.iter_mut().enumerate() {
            a.rank = u32::try_from(i + 1).unwrap_or(u32::MAX);
        }
        let listed_actors = tallies.len() as u64;
        drop(tallies);

        let mut groups_sorted: Vec<u32> = (0..groups.len() as u32).collect();
        groups_sorted.sort_by_key(|&g| {
            let g = &groups[g as usize];
            (Reverse(g.count), g.first)
        });
        let group_count = groups.len() as u64;
        let quote_count = lites.len() as u64;
        let pass = Pass {
            places,
            dates,
            lites,
            names,
            groups,
            salience,
            top,
        };

        // 3. The leading actors' names, roles and affiliations.
        for a in &mut actors {
            self.briefing_facts(a, &pass, &wanted)?;
        }

        // 4. Quotes, best first, read only as far as needed.
        let mut reader = QuoteReader::new(self, &pass)?;
        let by_order = |l: &Lite| (l.pos, l.start, l.id);
        for a in &mut actors {
            let mut by: Vec<usize> = Vec::new();
            let mut about: Vec<usize> = Vec::new();
            for (i, l) in pass.lites.iter().enumerate() {
                if l.speaker == Speaker::Actor(a.id) {
                    by.push(i);
                }
                let named = &pass.names[l.names_from as usize..][..usize::from(l.names_len)];
                if named.contains(&a.id) {
                    about.push(i);
                }
            }
            by.sort_by_key(|&i| by_order(&pass.lites[i]));
            about.sort_by_key(|&i| by_order(&pass.lites[i]));
            a.quotes_by = by.iter().map(|&i| pass.lites[i].id).collect();
            a.quotes_about = about.iter().map(|&i| pass.lites[i].id).collect();
            let mut best: Option<QuoteId> = None;
            let mut shown = rank::Distinct::new(export::brief::QUOTES_SHOWN);
            reader.best_first(
                by,
                |_| false,
                |q| {
                    best.get_or_insert(q.id);
                    fill(&mut shown, q)
                },
            )?;
            a.representative_quote = best;
            let mut shown = rank::Distinct::new(export::brief::QUOTES_ABOUT_SHOWN);
            reader.best_first(about, |_| false, |q| fill(&mut shown, q))?;
        }
        let mut key = KeyQuotes::default();
        {
            let all: Vec<usize> = (0..pass.lites.len())
                .filter(|&i| pass.lites[i].speaker != Speaker::Unknown)
                .collect();
            // A speaker with enough key quotes already needs none of its quotes read.
            let wants = std::cell::RefCell::new(&mut key);
            reader.best_first(
                all,
                |l| !wants.borrow().wants(&pass.speaker_key(l.speaker)),
                |q| {
                    let mut key = wants.borrow_mut();
                    key.offer(q);
                    if key.full() { Step::Enough } else { Step::More }
                },
            )?;
        }
        let mut described: Vec<SpeakerGroup> = Vec::new();
        for &g in groups_sorted.iter().take(export::brief::GROUPS_SHOWN) {
            let mut members: Vec<usize> = (0..pass.lites.len())
                .filter(|&i| pass.lites[i].speaker == Speaker::Described(g))
                .collect();
            members.sort_by_key(|&i| by_order(&pass.lites[i]));
            let mut chosen: Vec<QuoteId> = Vec::new();
            let mut shown = rank::Distinct::new(export::brief::GROUP_QUOTES_SHOWN);
            reader.best_first(
                members.clone(),
                |_| false,
                |q| {
                    chosen.push(q.id);
                    fill(&mut shown, q)
                },
            )?;
            // Best first as far as they were read, then the others in date order.
            let mut ids = chosen.clone();
            ids.extend(
                members
                    .iter()
                    .map(|&i| pass.lites[i].id)
                    .filter(|id| !chosen.contains(id)),
            );
            described.push(SpeakerGroup {
                description: pass
                    .groups
                    .get(g as usize)
                    .map(|g| g.description.clone())
                    .unwrap_or_default(),
                quotes: ids,
            });
        }
        let mut quotes: Vec<SummaryQuote> = reader.into_quotes();
        quotes.sort_by_key(|q| {
            (
                pass.places.get(&q.citation.article_id).map_or(0, |p| p.pos),
                q.span.start,
                q.id,
            )
        });

        // Topics with their article counts.
        let mut topic_counts: HashMap<i64, (String, String, u64)> = HashMap::new();
        {
            let mut stmt = c.prepare(
                "SELECT t.id, t.key, t.label, at.article_id
                 FROM article_topics at JOIN topics t ON t.id = at.topic_id WHERE at.removed = 0",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let article: ArticleId = r.get(3)?;
                if !wanted(&article) || !pass.places.contains_key(&article) {
                    continue;
                }
                let id: i64 = r.get(0)?;
                match topic_counts.get_mut(&id) {
                    Some(t) => t.2 += 1,
                    None => {
                        topic_counts.insert(id, (r.get(1)?, r.get(2)?, 1));
                    }
                }
            }
        }
        let mut topics: Vec<SummaryTopic> = topic_counts
            .into_iter()
            .map(|(id, (key, label, n))| SummaryTopic {
                id,
                key,
                label,
                article_count: n,
                articles: Vec::new(),
            })
            .collect();
        topics.sort_by(|a, b| {
            b.article_count
                .cmp(&a.article_count)
                .then_with(|| a.label.to_lowercase().cmp(&b.label.to_lowercase()))
                .then(a.id.cmp(&b.id))
        });

        let mut months: BTreeMap<String, MonthCount> = BTreeMap::new();
        for (d, (articles, mentions, quotes)) in &month_counts {
            if let Some(m) = pass.dates.get(*d as usize).and_then(|d| month_of(d)) {
                let e = months.entry(m.to_string()).or_insert_with(|| MonthCount {
                    month: m.to_string(),
                    articles: 0,
                    mentions: 0,
                    quotes: 0,
                });
                e.articles += articles;
                e.mentions += mentions;
                e.quotes += quotes;
            }
        }

        let mut summary = Summary {
            schema_version: SCHEMA_VERSION,
            title: head.title,
            dossier: self.dossier_name(),
            generated_at: Some(head.generated_at),
            scope: head.scope,
            totals: Totals {
                articles: total_articles,
                undated_articles: undated,
                outlets: outlets.len() as u64,
                first_date,
                last_date,
                actors: listed_actors,
                mentions: total_mentions,
                quotes: quote_count,
                topics: topics.len() as u64,
                described_speakers: group_count,
            },
            articles: Vec::new(),
            actors,
            quotes,
            key_quotes: key.chosen,
            described_speakers: described,
            topics,
            timeline: months.into_values().collect(),
        };

        // 5. The sources: all of them while the list stays short, else those cited.
        // A timeline by day lists every dated article.
        let by_day =
            total_articles.saturating_sub(undated) <= export::brief::DAY_TIMELINE_MAX as u64;
        let mut ids: Vec<ArticleId> = if total_articles as usize <= listed || by_day {
            pass.places.keys().copied().collect()
        } else {
            export::cited_articles(&summary, opts).into_iter().collect()
        };
        ids.sort_by_key(|id| pass.places.get(id).map_or(u32::MAX, |p| p.pos));
        let all_listed = ids.len() as u64 == total_articles;
        let mut paragraphs: HashMap<ArticleId, (u32, Vec<usize>)> = HashMap::new();
        {
            let mut stmt = c.prepare_cached(
                "SELECT trim(title), date, source, author, url, file_name, body_start, text
                 FROM articles WHERE id = ?1",
            )?;
            for id in ids {
                let Some(place) = pass.places.get(&id).copied() else {
                    continue;
                };
                let reference = if all_listed {
                    place.pos + 1
                } else {
                    summary.articles.len() as u32 + 1
                };
                let found = stmt
                    .query_row([id], |r| {
                        let title: Option<String> = r.get(0)?;
                        let file_name: String = r.get(5)?;
                        let body_start = offset(r.get(6)?);
                        let text = r.get_ref(7)?.as_str().unwrap_or("");
                        let starts = export::paragraph_starts(text, body_start);
                        let (title, title_from_text) =
                            super::summary::title_or_headline(title, text, body_start, &file_name);
                        Ok((
                            SourceArticle {
                                reference,
                                id,
                                title,
                                title_from_text,
                                date: r.get(1)?,
                                source: r.get(2)?,
                                author: r.get(3)?,
                                url: r.get(4)?,
                                file_name,
                            },
                            starts,
                        ))
                    })
                    .optional()?;
                if let Some((article, starts)) = found {
                    paragraphs.insert(id, (reference, starts));
                    summary.articles.push(article);
                }
            }
        }
        let fix = |c: &mut Citation| match paragraphs.get(&c.article_id) {
            Some((reference, starts)) => {
                c.reference = *reference;
                c.paragraph = export::paragraph_of(starts, c.span.start);
            }
            None => {
                c.reference = 0;
                c.paragraph = 0;
            }
        };
        for q in &mut summary.quotes {
            fix(&mut q.citation);
        }
        for a in &mut summary.actors {
            for r in &mut a.roles {
                r.citations.iter_mut().for_each(fix);
            }
            for f in &mut a.affiliations {
                f.citations.iter_mut().for_each(fix);
            }
        }
        Ok(summary)
    }

    /// A leading actor's aliases, roles and affiliations in scope.
    fn briefing_facts(
        &self,
        a: &mut SummaryActor,
        pass: &Pass,
        wanted: &dyn Fn(&ArticleId) -> bool,
    ) -> Result<()> {
        let c = &self.conn;
        // Aliases, most used first, through the articles that mention the actor (aliases are
        // stored by article).
        {
            let mut stmt = c.prepare_cached(
                "SELECT al.alias, al.article_id FROM actor_keys k
                 JOIN (SELECT DISTINCT article_id FROM mentions WHERE actor_id = ?1) m
                 JOIN aliases al ON al.article_id = m.article_id AND al.found_key = k.key
                 WHERE k.actor_id = ?1
                   AND al.alias NOT IN (SELECT p.name FROM pins p WHERE p.actor_id IS NOT ?1)",
            )?;
            let mut counts: HashMap<String, HashSet<ArticleId>> = HashMap::new();
            let mut rows = stmt.query([a.id])?;
            while let Some(r) = rows.next()? {
                let (alias, article): (String, ArticleId) = (r.get(0)?, r.get(1)?);
                if wanted(&article) && pass.places.contains_key(&article) {
                    counts.entry(alias).or_default().insert(article);
                }
            }
            let mut by_use: Vec<(String, usize)> =
                counts.into_iter().map(|(k, v)| (k, v.len())).collect();
            by_use.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
            let mut seen: HashSet<String> = HashSet::from([super::summary::fold_name(&a.name)]);
            for (alias, _) in by_use {
                let folded = super::summary::fold_name(&alias);
                if !folded.is_empty() && seen.insert(folded) {
                    a.aliases.push(alias);
                }
            }
        }
        for (sql, roles) in [
            (
                "SELECT title, of_name, article_id, start, end FROM roles
                 WHERE actor_id = ?1 AND removed = 0",
                true,
            ),
            (
                "SELECT name, NULL, article_id, start, end FROM affiliations WHERE actor_id = ?1",
                false,
            ),
        ] {
            let mut stmt = c.prepare_cached(sql)?;
            let mut rows: Vec<(u32, String, Option<String>, Citation)> = Vec::new();
            let mut q = stmt.query([a.id])?;
            while let Some(r) = q.next()? {
                let article: ArticleId = r.get(2)?;
                let Some(place) = pass.places.get(&article).filter(|_| wanted(&article)) else {
                    continue;
                };
                rows.push((
                    place.pos,
                    r.get(0)?,
                    r.get(1)?,
                    Citation {
                        reference: 0,
                        article_id: article,
                        paragraph: 0,
                        span: Span::new(offset(r.get(3)?), offset(r.get(4)?)),
                    },
                ));
            }
            rows.sort_by_key(|row| (row.0, row.3.span.start));
            let mut facts = Facts::default();
            for (_, title, of, citation) in rows {
                let date = pass.date(citation.article_id);
                facts.add(title, of, date, citation);
            }
            let facts = facts.into_sorted();
            if roles {
                a.roles = facts.into_iter().map(Fact::into_role).collect();
            } else {
                a.affiliations = facts.into_iter().map(Fact::into_affiliation).collect();
            }
        }
        Ok(())
    }
}

/// A quote row of the pass.
struct QuoteRow {
    id: QuoteId,
    article: ArticleId,
    start: usize,
    end: usize,
    direct: bool,
    speaker_id: Option<ActorId>,
    speaker: Option<String>,
    confidence: f64,
}

fn quote_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<QuoteRow> {
    Ok(QuoteRow {
        id: r.get(0)?,
        article: r.get(1)?,
        start: offset(r.get(2)?),
        end: offset(r.get(3)?),
        direct: r.get(4)?,
        speaker_id: r.get(5)?,
        speaker: r.get(6)?,
        confidence: r.get(7)?,
    })
}

/// Reads quotes in score order, each at most once.
struct QuoteReader<'s> {
    store: &'s Store,
    pass: &'s Pass,
    loaded: HashMap<usize, SummaryQuote>,
    names: HashMap<ActorId, String>,
}

impl<'s> QuoteReader<'s> {
    fn new(store: &'s Store, pass: &'s Pass) -> Result<Self> {
        Ok(QuoteReader {
            store,
            pass,
            loaded: HashMap::new(),
            names: HashMap::new(),
        })
    }

    fn into_quotes(self) -> Vec<SummaryQuote> {
        self.loaded.into_values().collect()
    }

    fn name(&mut self, id: ActorId) -> Result<String> {
        if let Some(n) = self.names.get(&id) {
            return Ok(n.clone());
        }
        let name: String = self
            .store
            .conn
            .prepare_cached("SELECT name FROM actors WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .unwrap_or_default();
        self.names.insert(id, name.clone());
        Ok(name)
    }

    /// The quote with its words and exact score.
    fn load(&mut self, i: usize) -> Result<f64> {
        if let Some(q) = self.loaded.get(&i) {
            return Ok(q.score);
        }
        let pass = self.pass;
        let lite = &pass.lites[i];
        let row = self
            .store
            .conn
            .prepare_cached(
                "SELECT q.parts, q.cue,
                        CASE WHEN sp.id IS NULL THEN q.speaker_text WHEN sp.hidden = 0 THEN sp.name END,
                        q.start, q.end, q.sentence_start, q.sentence_end, a.text
                 FROM quotes q JOIN articles a ON a.id = q.article_id
                 LEFT JOIN actors sp ON sp.id = q.speaker_id WHERE q.id = ?1",
            )?
            .query_row([lite.id], |r| {
                let parts: Option<String> = r.get(0)?;
                let text = r.get_ref(7)?.as_str().unwrap_or("");
                let span = Span::new(offset(r.get(3)?), offset(r.get(4)?));
                let parts: Vec<[usize; 2]> = parts
                    .and_then(|p| serde_json::from_str(&p).ok())
                    .unwrap_or_default();
                let pieces: Vec<&str> = parts
                    .iter()
                    .filter_map(|[s, e]| text.get(*s..*e))
                    .filter(|p| !p.trim().is_empty())
                    .collect();
                let words = if pieces.len() > 1 {
                    pieces.join(" … ")
                } else {
                    span.slice(text).to_string()
                };
                Ok((
                    words,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    span,
                    Span::new(offset(r.get(5)?), offset(r.get(6)?)),
                ))
            })
            .optional()?;
        let Some((text, cue, speaker, span, sentence)) = row else {
            return Ok(0.0);
        };
        let mut mentions = Vec::new();
        let named = &pass.names[lite.names_from as usize..][..usize::from(lite.names_len)];
        for &id in named {
            mentions.push(ActorRef {
                id,
                name: self.name(id)?,
            });
        }
        let score = rank::score_of(pass.bound(lite), &text);
        self.loaded.insert(
            i,
            SummaryQuote {
                id: lite.id,
                text,
                direct: lite.direct,
                cue,
                speaker_id: match lite.speaker {
                    Speaker::Actor(id) => Some(id),
                    _ => None,
                },
                speaker,
                date: pass.date(lite.article).map(str::to_string),
                span,
                citation: Citation {
                    reference: 0,
                    article_id: lite.article,
                    paragraph: 0,
                    span: sentence,
                },
                mentions,
                confidence: lite.confidence,
                score,
            },
        );
        Ok(score)
    }

    /// Offers the quotes `candidates` (indexes into the pass's quotes) to `take` from the best
    /// score down (ties: older id first), until it has enough or none is left. Quotes for which
    /// `skip` holds are never offered (nor read). A quote's words are read only once no quote
    /// left unread could score higher.
    fn best_first(
        &mut self,
        candidates: Vec<usize>,
        skip: impl Fn(&Lite) -> bool,
        mut take: impl FnMut(&SummaryQuote) -> Step,
    ) -> Result<()> {
        let pass = self.pass;
        let mut unread: BinaryHeap<Bound> = candidates
            .into_iter()
            .map(|i| Bound {
                bound: round3(pass.bound(&pass.lites[i])),
                id: pass.lites[i].id,
                lite: i,
            })
            .collect();
        let mut read: BinaryHeap<Bound> = BinaryHeap::new();
        loop {
            let from_read = match (read.peek(), unread.peek()) {
                (None, None) => return Ok(()),
                (Some(_), None) => true,
                (None, Some(_)) => false,
                // An unread quote scores at most its bound; with the same score the older id
                // comes first, and the unread heap gives the oldest of equal bounds first.
                (Some(r), Some(u)) => r.bound > u.bound || (r.bound == u.bound && r.id < u.id),
            };
            if from_read {
                let Some(b) = read.pop() else { return Ok(()) };
                if skip(&pass.lites[b.lite]) {
                    continue;
                }
                if let Some(q) = self.loaded.get(&b.lite)
                    && let Step::Enough = take(q)
                {
                    return Ok(());
                }
            } else {
                let Some(b) = unread.pop() else { return Ok(()) };
                if skip(&pass.lites[b.lite]) {
                    continue;
                }
                let score = self.load(b.lite)?;
                read.push(Bound {
                    bound: score,
                    id: b.id,
                    lite: b.lite,
                });
            }
        }
    }
}
