//! The languages of the documents charte publishes (the public statement,
//! badges): every text in French and English in one table, with dates,
//! percentages and statuses written the way each language writes them.

use crate::date::Date;
use crate::engine::Exigences;
use crate::manifest::Status;

/// The language of a published document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// Français
    #[default]
    Fr,
    /// English
    En,
}

/// Every text of the published documents. `{name}` marks a value filled in
/// with [`Lang::fill`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    Title,
    Intro,
    IntroSigned,
    Federation,
    Contact,
    SelfAssessed,
    SummaryHeading,
    SummaryCaption,
    Unit,
    Organization,
    CharterCommitments,
    ApplicableCol,
    ApplicableShort,
    RateCol,
    RateShort,
    CommitmentsHeading,
    CommitmentsRate,
    CommitmentsCaption,
    CommitmentCol,
    TitleCol,
    StatusCol,
    DateCol,
    DeclaredOn,
    DueOn,
    EffectiveOn,
    ProductsHeading,
    NoProducts,
    ProductFacts,
    ProductRate,
    ByReferentialCaption,
    ReferentialCol,
    VersionCol,
    ConformCol,
    UnsubstantiatedCol,
    Unsubstantiated,
    PartialCol,
    NonConformCol,
    PlannedCol,
    NotApplicableCol,
    MissingCol,
    Total,
    NothingInForce,
    PlannedHeading,
    PlannedCaption,
    NoPlanned,
    DueCol,
    ForCol,
    RequirementCol,
    StateCol,
    Overdue,
    Scheduled,
    ReceiptsHeading,
    ReceiptsCaption,
    ReceiptCol,
    ReceiptsVerified,
    ReceivedCol,
    DigestCol,
    ReferentialsHeading,
    ReferentialsCaption,
    LabelCol,
    PublishedCol,
    Sha256Col,
    SourceLabel,
    Method,
    Footer,
    None,
    BadgeProduct,
    BadgeOrganization,
    BadgeMessage,
    BadgeTitleProduct,
    BadgeTitleOrganization,
    BadgeSelfDeclared,
    BadgeOrganizationMessage,
    ConformExigencesCol,
    ApplicableExigencesCol,
    NotApplicableExigencesCol,
    UnsubstantiatedExigencesCol,
    MethodLink,
    GapsHeading,
    GapsCaption,
    NoGaps,
    DetailCol,
    Recommendation,
}

impl Text {
    /// The French and the English text.
    fn both(self) -> (&'static str, &'static str) {
        use Text::*;
        match self {
            Title => (
                "Déclaration de conformité e-santé {of_org}",
                "E-health conformity statement {of_org}",
            ),
            Intro => (
                "{org} (SIREN {siren}) est signataire de la charte « Engagé pour la e-santé ». Conformément à l'engagement IV.6 de la charte, elle rend compte ici de ses engagements et de la conformité de ses produits aux référentiels de la e-santé.",
                "{org} (SIREN {siren}) signed the charter « Engagé pour la e-santé » (committed to e-health). As the charter's commitment IV.6 asks, it reports here on its commitments and on how its products conform to the e-health référentiels.",
            ),
            IntroSigned => (
                "{org} (SIREN {siren}) a signé la charte « Engagé pour la e-santé » le {date}. Conformément à l'engagement IV.6 de la charte, elle rend compte ici de ses engagements et de la conformité de ses produits aux référentiels de la e-santé.",
                "{org} (SIREN {siren}) signed the charter « Engagé pour la e-santé » (committed to e-health) on {date}. As the charter's commitment IV.6 asks, it reports here on its commitments and on how its products conform to the e-health référentiels.",
            ),
            Federation => ("Fédération : {federation}.", "Federation: {federation}."),
            Contact => ("Contact : {contact}", "Contact: {contact}"),
            SelfAssessed => (
                "Ces informations sont les déclarations de l'éditeur (auto-évaluation) à la date du {date}. Elles ne valent ni certification ni référencement par les pouvoirs publics.",
                "This information is the publisher's own declaration (self-assessment) as of {date}. It is neither a certification nor a referencing by the public authorities.",
            ),
            SummaryHeading => ("Synthèse", "Summary"),
            SummaryCaption => (
                "Taux de conformité aux exigences en vigueur, pour l'organisation et chaque produit",
                "Conformity rate to the requirements in force, for the organization and each product",
            ),
            Unit => ("Périmètre", "Scope"),
            Organization => ("Organisation", "Organization"),
            CharterCommitments => ("Engagements de la charte", "Charter commitments"),
            ApplicableCol => ("Exigences applicables", "Applicable requirements"),
            ApplicableShort => ("Applicables", "Applicable"),
            RateCol => ("Taux de conformité", "Conformity rate"),
            RateShort => ("Taux (conformes/comptées)", "Rate (conform/counted)"),
            CommitmentsHeading => ("Engagements de la charte", "Charter commitments"),
            CommitmentsRate => (
                "Engagements obligatoires en vigueur tenus : {basis}.",
                "Mandatory commitments in force met: {basis}.",
            ),
            CommitmentsCaption => (
                "Engagements des industriels (chapitre IV de la charte) et leur état",
                "The industry's commitments (chapter IV of the charter) and their status",
            ),
            CommitmentCol => ("Engagement", "Commitment"),
            TitleCol => ("Intitulé", "Title"),
            StatusCol => ("État", "Status"),
            DateCol => ("Date", "Date"),
            DeclaredOn => ("déclaré le {date}", "declared on {date}"),
            DueOn => ("échéance le {date}", "due on {date}"),
            EffectiveOn => ("en vigueur le {date}", "in force on {date}"),
            ProductsHeading => ("Produits", "Products"),
            NoProducts => (
                "L'organisation ne déclare aucun produit.",
                "The organization declares no product.",
            ),
            ProductFacts => (
                "Type : {kind}. Services socles intégrés : {services}.",
                "Kind: {kind}. Core services integrated: {services}.",
            ),
            ProductRate => (
                "Conformité aux exigences obligatoires en vigueur : {basis}.",
                "Conformity to the mandatory requirements in force: {basis}.",
            ),
            ByReferentialCaption => (
                "Exigences applicables à {product}, par référentiel",
                "Requirements applicable to {product}, by référentiel",
            ),
            ReferentialCol => ("Référentiel", "Référentiel"),
            VersionCol => ("Version", "Version"),
            ConformCol => ("Conformes", "Conform"),
            UnsubstantiatedCol => (
                "Déclarées conformes, preuve manquante ou expirée",
                "Declared conform, proof missing or out of date",
            ),
            Unsubstantiated => (
                "Déclaré conforme, preuve manquante ou expirée",
                "Declared conform, proof missing or out of date",
            ),
            PartialCol => ("Partielles", "Partial"),
            NonConformCol => ("Non conformes", "Non-conform"),
            PlannedCol => ("Prévues", "Planned"),
            NotApplicableCol => ("Non applicables", "Not applicable"),
            MissingCol => ("Non déclarées", "Not declared"),
            Total => ("Ensemble", "All"),
            NothingInForce => (
                "Aucune exigence en vigueur ne s'applique à ce produit.",
                "No requirement in force applies to this product.",
            ),
            PlannedHeading => ("Travaux prévus", "Planned work"),
            PlannedCaption => (
                "Mises en conformité prévues, par échéance",
                "Planned conformity work, by due date",
            ),
            NoPlanned => ("Aucun travail prévu n'est déclaré.", "No planned work is declared."),
            DueCol => ("Échéance", "Due"),
            ForCol => ("Pour", "For"),
            RequirementCol => ("Exigence", "Requirement"),
            StateCol => ("Avancement", "Progress"),
            Overdue => ("En retard", "Overdue"),
            Scheduled => ("À venir", "Scheduled"),
            ReceiptsHeading => ("Dépôts au registre", "Registry submissions"),
            ReceiptsCaption => (
                "Dernier dépôt accepté par le registre, par produit",
                "Latest submission accepted by the registry, per product",
            ),
            ReceiptCol => ("Accusé de réception", "Receipt"),
            ReceiptsVerified => (
                "Accusés vérifiés dans le journal de transparence du registre : {verified} sur {count}.",
                "Receipts verified in the registry's transparency log: {verified} of {count}.",
            ),
            ReceivedCol => ("Reçu le", "Received"),
            DigestCol => ("Empreinte du dépôt", "Submission digest"),
            ReferentialsHeading => ("Référentiels utilisés", "Référentiels used"),
            ReferentialsCaption => (
                "Versions des référentiels au regard desquelles la conformité est déclarée",
                "Versions of the référentiels against which conformity is declared",
            ),
            LabelCol => ("Intitulé", "Title"),
            PublishedCol => ("Publié le", "Published"),
            Sha256Col => ("Empreinte SHA-256", "SHA-256 digest"),
            SourceLabel => ("texte officiel : {source}", "official text: {source}"),
            Method => (
                "Calcul du taux de conformité : exigences conformes ÷ (exigences applicables en vigueur − exigences non applicables), sur les seules exigences obligatoires (DOIT) en vigueur ; 100 % quand aucune ne compte. Une exigence déclarée conforme dont une preuve manque, a expiré ou ne correspond pas est décomptée à part (déclarée conforme, preuve manquante ou expirée) et ne compte pas comme conforme. Les préconisations (PEUT) figurent dans les tableaux par référentiel mais n'entrent pas dans le taux.",
                "How the conformity rate is computed: conform requirements ÷ (applicable requirements in force − requirements not applicable), over the mandatory requirements (SHALL) in force only; 100% when none counts. A requirement declared conform whose proof is missing, expired or does not match is counted apart (declared conform, proof missing or out of date) and not as conform. Recommendations (MAY) appear in the tables by référentiel but do not enter the rate.",
            ),
            Footer => (
                "Déclaration établie le {date} avec charte {version}.",
                "Statement produced on {date} with charte {version}.",
            ),
            None => ("aucun", "none"),
            BadgeProduct => ("e-santé · {product}", "e-health · {product}"),
            BadgeOrganization => ("charte e-santé · {org}", "e-health charter · {org}"),
            BadgeMessage => ("{rate} conforme · {self}", "{rate} conform · {self}"),
            BadgeOrganizationMessage => (
                "{rate} des engagements · {self}",
                "{rate} of commitments · {self}",
            ),
            BadgeSelfDeclared => ("auto-déclaré", "self-declared"),
            BadgeTitleProduct => (
                "{product} : {basis}. Déclaration de l'éditeur du {date}, auto-déclarée : ni certification, ni label, ni référencement.",
                "{product}: {basis}. The publisher's own declaration of {date}, self-declared: neither a certification, nor a label, nor a referencing.",
            ),
            BadgeTitleOrganization => (
                "{org}, engagements de la charte « Engagé pour la e-santé » : {basis}. Déclaration du {date}, auto-déclarée : ni certification, ni label.",
                "{org}, commitments of the charter « Engagé pour la e-santé »: {basis}. Declaration of {date}, self-declared: neither a certification nor a label.",
            ),
            ConformExigencesCol => ("Exigences conformes", "Conform requirements"),
            ApplicableExigencesCol => (
                "Exigences applicables en vigueur",
                "Applicable requirements in force",
            ),
            NotApplicableExigencesCol => ("dont non applicables", "of which not applicable"),
            UnsubstantiatedExigencesCol => (
                "Déclarées conformes, preuve manquante ou expirée",
                "Declared conform, proof missing or out of date",
            ),
            MethodLink => ("calcul du taux", "how the rate is computed"),
            Recommendation => ("préconisation", "recommendation"),
            GapsHeading => ("Écarts", "Gaps"),
            GapsCaption => (
                "Exigences en vigueur qui ne sont pas déclarées conformes avec leurs preuves : état, échéance ou justification",
                "Requirements in force not declared conform with their proofs: status, due date or justification",
            ),
            NoGaps => (
                "Aucun écart : chaque exigence en vigueur est déclarée conforme, preuves à l'appui.",
                "No gap: every requirement in force is declared conform, with its proofs.",
            ),
            DetailCol => ("Échéance ou justification", "Due date or justification"),
        }
    }
}

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Lang {
    /// The BCP 47 tag, for `lang` attributes.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    pub fn text(self, text: Text) -> &'static str {
        let (fr, en) = text.both();
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }

    /// A text with its `{name}` placeholders replaced.
    pub fn fill(self, text: Text, values: &[(&str, &str)]) -> String {
        let mut s = self.text(text).to_string();
        for (name, value) in values {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    /// `1er janvier 2027`, `1 January 2027`.
    pub fn date(self, date: Date) -> String {
        let (y, m, d) = date.ymd();
        let month = m as usize - 1;
        match self {
            Lang::Fr if d == 1 => format!("1er {} {y}", MONTHS_FR[month]),
            Lang::Fr => format!("{d} {} {y}", MONTHS_FR[month]),
            Lang::En => format!("{d} {} {y}", MONTHS_EN[month]),
        }
    }

    /// A rate in [0, 1] as a whole percentage: `96 %` (no-break space) in
    /// French, `96%` in English.
    pub fn percent(self, rate: f64) -> String {
        // As `check` writes it, so that both always agree.
        let n = rate * 100.0;
        match self {
            Lang::Fr => format!("{n:.0}\u{a0}%"),
            Lang::En => format!("{n:.0}%"),
        }
    }

    /// `de Médilune`, `d'Aubépine`, `of Médilune`: the preposition that
    /// says whose, elided in French before a vowel or a mute h.
    pub fn of(self, name: &str) -> String {
        match self {
            Lang::Fr => de(name),
            Lang::En => format!("of {name}"),
        }
    }

    /// The rate and the figures it is computed from, so that a reader can
    /// recompute it: `25 % — 3 conformes sur 12 exigences applicables en
    /// vigueur, 1 non applicable, 0 déclarée conforme, preuve manquante ou
    /// expirée`.
    pub fn rate_basis(self, rate: f64, e: Exigences) -> String {
        let rate = self.percent(rate);
        let Exigences {
            applicable,
            not_applicable,
            conform,
            unsubstantiated,
        } = e;
        match self {
            Lang::Fr => {
                let s = |n: u32| if n > 1 { "s" } else { "" };
                format!(
                    "{rate} — {conform} conforme{} sur {applicable} exigence{} applicable{} en vigueur, \
                     {not_applicable} non applicable{}, {unsubstantiated} déclarée{} conforme{}, preuve manquante ou expirée",
                    s(conform),
                    s(applicable),
                    s(applicable),
                    s(not_applicable),
                    s(unsubstantiated),
                    s(unsubstantiated),
                )
            }
            Lang::En => {
                let s = |n: u32| if n == 1 { "" } else { "s" };
                format!(
                    "{rate} — {conform} conform of {applicable} applicable requirement{} in force, \
                     {not_applicable} not applicable, {unsubstantiated} declared conform with proof missing or out of date",
                    s(applicable),
                )
            }
        }
    }

    /// A kind of product: the abbreviation the référentiels use.
    pub fn kind(self, kind: &str) -> String {
        match (kind, self) {
            ("mes-app", Lang::Fr) => "application pour Mon espace santé".to_string(),
            ("mes-app", Lang::En) => "Mon espace santé application".to_string(),
            ("other", Lang::Fr) => "autre".to_string(),
            ("other", Lang::En) => "other".to_string(),
            _ => kind.to_uppercase(),
        }
    }

    /// A declared status, or `None` for a requirement not declared.
    pub fn status(self, status: Option<Status>) -> &'static str {
        let (fr, en) = match status {
            Some(Status::Conform) => ("Conforme", "Conform"),
            Some(Status::Partial) => ("Partiellement conforme", "Partially conform"),
            Some(Status::NonConform) => ("Non conforme", "Non-conform"),
            Some(Status::Planned) => ("Prévu", "Planned"),
            Some(Status::NotApplicable) => ("Non applicable", "Not applicable"),
            None => ("Non déclaré", "Not declared"),
        };
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }
}

/// `de` before a name, elided to `d'` before a vowel (accented or not) or a
/// mute h: `de Médilune`, `d'Aubépine`, `d'Hexagone`. The few words with an
/// aspirated h keep `de` (`de Hautefort`).
pub fn de(name: &str) -> String {
    const ASPIRATED: &[&str] = &[
        "hache", "haie", "hall", "halle", "hameau", "hanche", "handicap", "hangar", "hardi",
        "hareng", "haricot", "harpe", "hasard", "haut", "havre", "hêtre", "héros", "hibou",
        "hollande", "homard", "honte", "hors", "houle", "housse", "hublot", "hurle", "hutte",
    ];
    let lower = name.to_lowercase();
    let elide = match lower.chars().next() {
        Some(
            'a' | 'à' | 'â' | 'ä' | 'æ' | 'e' | 'é' | 'è' | 'ê' | 'ë' | 'i' | 'î' | 'ï' | 'o' | 'ô'
            | 'ö' | 'œ' | 'u' | 'ù' | 'û' | 'ü' | 'y' | 'ÿ',
        ) => true,
        Some('h') => !ASPIRATED.iter().any(|w| lower.starts_with(w)),
        _ => false,
    };
    if elide {
        format!("d'{name}")
    } else {
        format!("de {name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn de_is_elided_before_a_vowel_or_a_mute_h() {
        assert_eq!(de("Aubépine Santé"), "d'Aubépine Santé");
        assert_eq!(de("Médilune Logiciels SAS"), "de Médilune Logiciels SAS");
        assert_eq!(de("Écho Médical"), "d'Écho Médical");
        assert_eq!(de("éole"), "d'éole");
        assert_eq!(de("Île-de-France Santé"), "d'Île-de-France Santé");
        assert_eq!(de("Hexagone Santé"), "d'Hexagone Santé");
        assert_eq!(de("Hautefort"), "de Hautefort");
        assert_eq!(de("Yser"), "d'Yser");
        assert_eq!(de("Groupe Hexasanté SA"), "de Groupe Hexasanté SA");
        assert_eq!(de("3 Santé"), "de 3 Santé");
        assert_eq!(de(""), "de ");
        assert_eq!(Lang::En.of("Aubépine"), "of Aubépine");
    }

    #[test]
    fn a_rate_comes_with_the_figures_it_is_computed_from() {
        let e = Exigences {
            applicable: 13,
            not_applicable: 1,
            conform: 3,
            unsubstantiated: 1,
        };
        assert_eq!(
            Lang::Fr.rate_basis(0.25, e),
            "25\u{a0}% — 3 conformes sur 13 exigences applicables en vigueur, 1 non applicable, \
             1 déclarée conforme, preuve manquante ou expirée"
        );
        assert_eq!(
            Lang::En.rate_basis(0.25, e),
            "25% — 3 conform of 13 applicable requirements in force, 1 not applicable, \
             1 declared conform with proof missing or out of date"
        );
    }

    #[test]
    fn dates_and_rates_read_as_each_language_writes_them() {
        let d: Date = "2027-01-01".parse().unwrap();
        assert_eq!(Lang::Fr.date(d), "1er janvier 2027");
        assert_eq!(Lang::En.date(d), "1 January 2027");
        let d: Date = "2026-11-23".parse().unwrap();
        assert_eq!(Lang::Fr.date(d), "23 novembre 2026");
        assert_eq!(Lang::Fr.percent(0.96), "96\u{a0}%");
        assert_eq!(Lang::En.percent(0.96), "96%");
        assert_eq!(
            Lang::Fr.fill(Text::Footer, &[("date", "hier"), ("version", "1.0")]),
            "Déclaration établie le hier avec charte 1.0."
        );
    }
}
