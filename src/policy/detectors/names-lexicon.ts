// Given names common across the languages our users write in, and capitalized
// words that often start a sentence or name a thing but are not people. Kept as
// whitespace-separated strings: compact, and easy to review in a diff.

export const GIVEN_NAMES = new Set(`
james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony mark donald
steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary nicholas eric
jonathan stephen larry justin scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry
tyler aaron jose adam nathan henry douglas zachary peter kyle ethan walter noah jeremy christian keith roger terry
gerald harold sean austin carl arthur lawrence dylan jesse jordan bryan billy joe bruce gabriel logan albert willie
alan juan wayne elijah randy roy vincent ralph eugene russell bobby mason philip louis harry liam oliver lucas leo
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty margaret sandra ashley
kimberly emily donna michelle carol amanda dorothy melissa deborah stephanie rebecca sharon laura cynthia kathleen amy
angela shirley anna brenda pamela emma nicole helen samantha katherine christine debra rachel carolyn janet catherine
maria heather diane ruth julie olivia joyce virginia victoria kelly lauren christina joan evelyn judith megan andrea
cheryl hannah jacqueline martha gloria teresa ann sara madison frances kathryn janice jean abigail alice judy sophia
grace denise amber doris marilyn danielle beverly isabella theresa diana natalie brittany charlotte marie kayla alexis
lori ava mia chloe ella lily zoe jane kate anne rose claire lucy sophie julia eva nina elena irina olga natalia tatiana
svetlana anastasia ekaterina yulia marina galina ludmila valentina vera nadezhda ivan sergei sergey dmitri dmitry
alexei alexey andrei andrey nikolai vladimir mikhail yuri igor oleg pavel boris viktor maxim anton artem roman
hans klaus jürgen jurgen stefan uwe dieter wolfgang helmut günter gunter karl heinz werner rolf horst manfred lukas
jonas felix maximilian leon finn paul elias ben niklas tim jan lena lea hanna leonie laura anja sabine petra ursula
monika karin birgit heike gabriele katrin susanne claudia andrea martina nicole julia sandra kerstin silke ute
pierre jean jacques michel philippe alain nicolas françois francois louis antoine julien thomas mathieu sébastien
sebastien camille manon chloé chloe léa lea inès ines céline celine nathalie isabelle sylvie catherine valérie
giuseppe giovanni antonio mario luigi francesco angelo vincenzo pietro salvatore carlo franco domenico bruno paolo
marco luca andrea alessandro matteo lorenzo davide simone federico giulia francesca chiara sara martina alessia
josé jose juan carlos luis javier miguel manuel pedro alejandro fernando jorge ricardo rafael sergio pablo diego
andrés andres antonio francisco daniela lucía lucia carmen rosa isabel ana laura paula marta elena sofía sofia
joão joao paulo pedro lucas gabriel rafael thiago bruno mateus gustavo felipe mariana beatriz larissa fernanda
jan piotr krzysztof tomasz andrzej paweł pawel michał michal marcin jakub anna katarzyna małgorzata agnieszka
joanna ewa magdalena zofia jana petr pavel martin tomáš tomas jiří jiri josef václav vaclav lucie tereza kateřina
šárka sarka eva hana lenka jarmila zuzana ivana peter michal lukáš lukas milan marek dušan dusan
lars anders johan erik per karl nils olof björn bjorn magnus mikael henrik fredrik sven gustav axel emil oskar
anna eva maria karin kristina lena sara elin ingrid astrid sigrid kari liv hilde ingeborg solveig marit sofie
matti mikko juha timo jari antti jukka kari pekka heikki markku ville tuomas sami janne jussi ari veikko kaija
aino helmi tuula leena pirjo sari tiina marja päivi paivi riitta sanna minna satu eija anneli kaarina hannele
lászló laszlo istván istvan józsef jozsef jános janos zoltán zoltan sándor sandor gábor gabor ferenc attila péter
krisztián krisztian tamás tamas zsolt andrás andras csaba szabina katalin erzsébet erzsebet ildikó ildiko
éva zsuzsanna judit ágnes agnes krisztina andrea eszter anikó aniko mónika monika hajnalka orsolya réka reka
mohammed muhammad mohamed ahmed ali omar hassan hussein ibrahim mahmoud mustafa yusuf khalid abdullah fatima
aisha zainab maryam layla leila noor amina khadija yasmin salma hana sara rania nadia samira
wei li ming jun hui yan ying xin jing lei hao jie yu chen tao feng bo lin hong mei xiu fang lan qing
hiroshi takashi kenji akira satoshi yuki haruto sota yuto kaito riku daiki takumi naoki kazuki tomomi toshimi
yoko keiko akiko yumiko sakura hina yui aoi mio rin haruka misaki nanami ayaka
raj rahul amit vijay sanjay anil sunil ravi arjun rohan priya pooja anjali neha divya kavya sunita lakshmi
min-jun seo-yeon ji-ho ji-woo hyun soo-ah jae min ha-eun
kwame kofi ama abena chinedu ngozi emeka adebayo oluwaseun tunde amara zuri
sieuwerd sieds daan sem bram lotte sanne femke anouk emma noor tess fleur willem dirk johannes varvio
aleksandar nikola stefan marko luka milica jelena ana ivana dragana anđa andja tomić
rubija emilie ewan juliet julieta matthias uta kaija jonas william sara tomomi lina uwe carl sue
derek alma mette katrine leif siiri jodi ariana isabel teresa hannah anthony andrew efimiya gaetane caitlyn caitlin
tilly hanne weronika maureen mathias janka ravil stephan alvir matej usama usamov idris zizi amadeo jouko dzhambek
aaliyah abby abel ada adela adele adriana adrian agata agathe agnieszka aida aiko aileen aimee alana alba alberto
alejandra aleksandra alessio alfred alfredo alina alison alix allan allison alva alvaro amalia amelia amelie ana
anabel anastasios anders andrea andrei andrzej angel angela angelica angelika angelo anita ann-marie annabel
annika annette antonia antonio april arianna arnaud arne arnold aron arthur arturo asa åsa asta astrid audrey
august augusta aurelia aurora axel ayumi barbara barry bart beata beatrice bella benedict benedikt benoit bernard
bernadette bernd berta bertrand bettina bianca birgitta bjorn blanca bogdan bonnie boris brandi brenda brett
bridget brigitte britt brooke bruno bryce caleb calvin camila camilla candice cara carina carla carlos carlota
carmen carol caroline carolina casey cassandra cecilia cedric celia cesar chad chantal charlie chelsea chester
chiara chris christa christel christian christiane christoph christophe christopher cindy clara clarissa claude
claudio clemens cody colin connor conrad constance cora corinne cornelia craig cristina curtis cyril dagmar dagny
daisy dale dalia damian dana daniela danielle daria darius darren dave dean debbie delia denis denise desiree
diego dimitri dimitrios dina dirk dolores dominic dominik dominique donna dora doreen dorothea douglas duncan
dustin dylan eamon eddie edgar edith edmund edoardo edvard edwin eileen elaine eleanor elena eleni elias elif
elin elisa elisabeth elise eliza ella ellen elliot elsa elvira emanuel emil emilia emilio emine emma enrico
enrique erik erika erin ernest ernesto ernst esra esteban estelle esther ethel etienne eugen eugenia eva evan
evelina fabian fabio fabrice farah fatma federica felicia felipe felix fernanda fernando filip filippo fiona
flora florence florian frances francesca francis frank franz frederik frederikke freya frida friedrich gabriela
gabriele gareth gavin gemma genevieve geoffrey georg georgia gerard gerda gerhard gianluca gilbert gina giorgio
giovanna gisela giulio gordon greta gretchen guadalupe guillaume gunnar gustavo gwen hakan halldor halldór hamid
hanna hannes harald harriet harvey hassan hector hedwig heidi heike helen helena helga helmut henri henrietta
henrik herbert hermann hilda hiroko holger howard hubert hugo ian ida ignacio igor ilona ilse ines inga inge
ingo ingrid irene iris irma isaac isabelle isidro ismael ivan ivo jade jaime jakob jamal jamie janet janine
janusz jaroslav jasmin jasmine javier jean-pierre jeanette jeanne jenna jenny jens jeremy jessie jill joachim
joan joanna jocelyn joel johan johanna jolanta jonathan jordi jorge jorn josefine joseph josephine josh joyce
juan juana judit jules julian juliana julien julius justine kai kamil kamila karen karim karina karl karolina
kasper katarina katharina katja katrin kay keith kenneth kerstin kim kira kirsten klara knut konrad kristian
kristin kristina kurt kyle lara larissa lars laszlo laura laurent lea leandro leila lena leo leon leona leonard
leonardo leonie leopold lidia liliana lilly lina linda lionel lisa lisbeth liv livia lorena lorenzo lotte louisa
louise luana lucas lucia luciano lucie ludwig luis luisa lukas luna lydia lynn madeleine magda magdalena magnus
mai maja malak malin manuel manuela marc marcel marcela marcello marco marcus margit margot margrethe maria
mariana marianne marie marika marina mario marion marius marko marlene marta marten martha martin martina mary
mateo mathilde matilda matteo matthias maud maura maurice max maxim maxime maya mehmet melanie melinda melissa
mercedes meredith merete mia michaela michel michele michelle miguel mika mikael mila milan milena miriam mirjam
moritz morten nadia nadine nancy naomi natasha nathalie nelly nestor nicola nicolas nicole niels nika nikita
nikolaj nils nina noah noel nora norbert norma octavia odette olaf olga oliver olivier omar oscar oskar otto
pablo paloma pamela paola pascal pascale patrice patricia patrick paula paulina pauline pavla penelope per petra
philipp philippa pia pierre piet pilar quentin rachel rafaela raimund rainer ramon ramona raphael raquel rebecca
regina reinhard renata renate rene renee ricardo rico rikke rita robin rodrigo roger roland rolf romain romana
rosa rosalie rosemary rosie ruben rudolf rune ruth sabrina salome salvador samuel sander sandra sanja santiago
sara sarah sascha saskia sebastian selma serena sergio severin sibylle sidney siegfried sigrid silas silvia
simon simona simone sina sofia sofie sonja sophie stanislav stefanie stella sten stig susan susanna susanne
suzanne svea svenja sylvia tamara tania tanja tatjana terese tessa thea theo theodor therese thilo thorsten
tina tobias toni tony torben tore torsten trine trude ulf ulla ulrich ulrike ursula valentin valentina valeria
valerie vanessa vera veronica veronika victor victoria viktor viktoria vilma vincent viola violet vivian vivien
walter wanda wendy werner wiebke wilhelm wilma xavier yannick yara yasmin yvette yvonne zoe zofia
abdul abdel amir anwar aziz bilal faisal farid hamza ismail jamil karim khalil mahmud malik mansour nabil nasser
rashid said samir sami tariq walid youssef yusuf zaid aisha amal dalia fatima ghada hiba huda iman jamila lina
mona nour rana reem salma samar yasmin zahra
akira haruki hideo hikaru ichiro kazuo kenta masaki minoru noriko osamu ryo shin shinji shota takeshi taro tetsuya
tomoko yoshiko yuko yumi chise kumiko naoko sachiko emiko fumiko masako
ayesha deepak ganesh harish kiran manish meera nikhil pradeep preeti rajesh ramesh sanjana shreya suresh vikram
an bao binh duc hai hoa hung khanh lan linh long mai minh nam ngoc phuong quang thanh thao trang tuan van
aleksei alexandr anatoly arkady bogdan daria dmitrij evgeny gennady grigory ilya kirill konstantin leonid lyudmila
nikita oksana polina rostislav ruslan semyon stanislav taras timur vadim valery vasily vitaly yaroslav zhanna
milos dragan goran zoran dejan bojan vesna snezana mirjana biljana branka jasna zeljko vladimir ljubica nada
agnese aija andris baiba dace gunta ilze inese janis juris kristaps liga maris rasa ruta tomas vytautas
aarne eero ilkka kalle lauri matias niko olli otto paavo risto tapio tuomo urho veli aila eeva hilkka irja
kaisa liisa maija marjatta raija ritva seija sirkka terttu ulla
bjarne bo brian carsten flemming frede gorm hans henning jesper jorgen kim lasse mogens ole poul preben soren
steen svend tage birthe bodil dorte grethe hanne inger jette kirsten lone lotte merete pernille susanne tove
`.split(/\s+/).filter((w) => w !== ''));

/** Capitalized words that are not given names even when they look like one. */
export const NOT_NAMES = new Set(`
the a an and or but if then so because when where what who whom whose which why how this that these those there here
i i'm i'll i've i'd we you he she it they me my your his her its our their us them mine yours
is are was were be been am do does did have has had can could will would shall should may might must
not no yes ok okay hi hello hey dear thanks thank please sorry welcome good great best regards cheers
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december today tomorrow yesterday morning evening night
mr mrs ms dr prof sir madam miss st mount lake river street road avenue city county state national united
north south east west new old great little big saint san santa los las el la le de del der van von
inc llc ltd corp co company group bank university college school hospital center centre office department agency
team project meeting call email phone address name number card account order payment invoice policy
god jesus christ lord allah
america american english french german spanish italian chinese japanese russian european african asian
internet online web app site website user admin customer client manager director president chief officer
also just only even still yet after before during while since until about above below over under
`.split(/\s+/).filter((w) => w !== ''));
